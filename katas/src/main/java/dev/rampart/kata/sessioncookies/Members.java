package dev.rampart.kata.sessioncookies;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members who may sign in, kept in memory for the workshop (how to store passwords is kata 7;
 * this kata is about what happens after the password was right).
 */
public final class Members {

    private record Entry(Member member, byte[] password) {
    }

    private final Map<String, Entry> byUsername = new ConcurrentHashMap<>();

    /** Adds a member who signs in with {@code password}. */
    public Members enrol(Member member, String password) {
        byUsername.put(member.username(), new Entry(member, password.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** The member, if the username exists and the password is theirs. */
    public Optional<Member> authenticate(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        var entry = byUsername.get(username);
        if (entry == null || !MessageDigest.isEqual(entry.password(), password.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(entry.member());
    }
}
