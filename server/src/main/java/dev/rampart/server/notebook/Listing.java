package dev.rampart.server.notebook;

import java.util.List;

/** A folder and what it holds (hidden names left out). */
public record Listing(Entry folder, List<Entry> entries) {

    public Listing {
        entries = List.copyOf(entries);
    }
}
