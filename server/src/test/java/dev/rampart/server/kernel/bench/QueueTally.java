package dev.rampart.server.kernel.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the room saw of the server's queue: who held a notebook's kernel at once, who had to
 * wait, and every 503 the server gave (a place in its queue, or another reason).
 */
final class QueueTally {
    private int holding;
    int most;
    int waited;
    int queued;
    int refusals;
    final java.util.Set<String> reasons = new java.util.TreeSet<>();

    synchronized void took(boolean afterWaiting) {
        holding++;
        most = Math.max(most, holding);
        if (afterWaiting) {
            waited++;
        }
    }

    synchronized void gaveBack() {
        holding--;
    }

    /** A 503: with a place in the queue (the dojo's visible queue), or refused for another reason. */
    synchronized void busy(JsonNode answer) {
        if (answer.has("queue")) {
            queued++;
        } else {
            refusals++;
            reasons.add(answer.path("message").asText(answer.toString()));
        }
    }
}
