package dev.rampart.server.kernel.bench;

/** The server's heap as its GC log saw it, in MB. */
final class ServerHeap {
    int collections;
    long before;
    long after;
    long committed;

    String describe() {
        return collections == 0 ? "n/a" : before + " MB / " + after + " MB / " + committed + " MB";
    }
}
