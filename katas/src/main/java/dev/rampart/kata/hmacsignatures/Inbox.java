package dev.rampart.kata.hmacsignatures;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Deliveries waiting for the workers, oldest first. The receiver only stores them, so it can
 * answer the payment provider at once; in memory, safe for concurrent requests.
 */
public final class Inbox {

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    public void add(Delivery delivery) {
        deliveries.add(delivery);
    }

    /** Every delivery accepted, oldest first. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }
}
