package dev.rampart.kata.cors;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The wallets, by session token, and the transfers made; in memory, safe for concurrent requests. */
public final class Wallets {

    private final Map<String, Account> bySession = new ConcurrentHashMap<>();
    private final List<Transfer> transfers = new CopyOnWriteArrayList<>();

    /** Opens a wallet reachable with the session cookie {@code session=<token>}. */
    public void open(String sessionToken, Account account) {
        bySession.put(sessionToken, account);
    }

    public Optional<Account> bySession(String sessionToken) {
        return Optional.ofNullable(bySession.get(sessionToken));
    }

    /** Closes the wallet behind this session; true if there was one. */
    public boolean close(String sessionToken) {
        return bySession.remove(sessionToken) != null;
    }

    public void record(Transfer transfer) {
        transfers.add(transfer);
    }

    /** Every transfer made, oldest first. */
    public List<Transfer> transfers() {
        return List.copyOf(transfers);
    }
}
