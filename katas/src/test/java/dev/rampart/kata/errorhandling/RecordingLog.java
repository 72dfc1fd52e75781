package dev.rampart.kata.errorhandling;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The operators' log, kept in memory so a test can look an entry up by its correlation id. */
final class RecordingLog implements ErrorLog {

    record Entry(String correlationId, String request, Throwable error) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void error(String correlationId, String request, Throwable error) {
        entries.add(new Entry(correlationId, request, error));
    }

    /** How many entries there are so far: pass it to {@link #since} to see what one request added. */
    int size() {
        return entries.size();
    }

    /** The entries written after the first {@code count}. */
    List<Entry> since(int count) {
        return List.copyOf(entries.subList(count, entries.size()));
    }

    Optional<Entry> find(String correlationId) {
        return entries.stream().filter(e -> e.correlationId().equals(correlationId)).findFirst();
    }
}
