package dev.rampart.server.kernel;

import dev.rampart.server.kernel.protocol.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Collects a kernel's events and lets a test wait for one, with a timeout, instead of sleeping. */
final class Events implements Consumer<Event> {

    static final Duration WAIT = Duration.ofSeconds(60);

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void accept(Event event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<Event> all() {
        return List.copyOf(events);
    }

    <T extends Event> List<T> of(Class<T> type) {
        return all().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Everything printed on a stream, in order. */
    String printed(Event.StreamName name) {
        return of(Event.Stream.class).stream().filter(s -> s.name() == name).map(Event.Stream::text)
                .collect(Collectors.joining());
    }

    /** Waits until an event of {@code type} matching {@code test} has arrived, and returns it. */
    synchronized <T extends Event> T await(Class<T> type, Predicate<T> test) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (var event : events) {
                if (type.isInstance(event) && test.test(type.cast(event))) {
                    return type.cast(event);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No " + type.getSimpleName() + " as expected within " + WAIT.toSeconds()
                        + " s; got " + events);
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    <T extends Event> T await(Class<T> type) throws InterruptedException {
        return await(type, e -> true);
    }
}
