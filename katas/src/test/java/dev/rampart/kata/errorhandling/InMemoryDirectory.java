package dev.rampart.kata.errorhandling;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The account directory, in memory, with a switch that makes every lookup fail as a broken database would. */
final class InMemoryDirectory implements UserDirectory {

    private final Map<String, User> byName;
    private final Map<Long, User> byId;
    private volatile SQLException outage;

    InMemoryDirectory(List<User> users) {
        this.byName = Map.copyOf(users.stream().collect(Collectors.toMap(User::name, Function.identity())));
        this.byId = Map.copyOf(users.stream().collect(Collectors.toMap(User::id, Function.identity())));
    }

    /** From now on every lookup throws {@code error}, until {@link #recover()}. */
    void failWith(SQLException error) {
        outage = error;
    }

    void recover() {
        outage = null;
    }

    @Override
    public Optional<User> byName(String name) throws SQLException {
        failIfDown();
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Optional<User> byId(long id) throws SQLException {
        failIfDown();
        return Optional.ofNullable(byId.get(id));
    }

    private void failIfDown() throws SQLException {
        var error = outage;
        if (error != null) {
            throw error;
        }
    }
}
