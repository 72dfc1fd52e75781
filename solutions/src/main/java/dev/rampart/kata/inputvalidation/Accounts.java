package dev.rampart.kata.inputvalidation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The user directory: registered accounts by username, in memory. */
public final class Accounts {

    private final Map<String, Account> byUsername = new LinkedHashMap<>();

    public synchronized Optional<Account> find(String username) {
        return Optional.ofNullable(byUsername.get(username));
    }

    /** Every account, in the order they registered. */
    public synchronized List<Account> all() {
        return List.copyOf(byUsername.values());
    }

    public synchronized void add(Account account) {
        if (byUsername.putIfAbsent(account.username(), account) != null) {
            throw new IllegalStateException("An account named " + account.username() + " exists already");
        }
    }
}
