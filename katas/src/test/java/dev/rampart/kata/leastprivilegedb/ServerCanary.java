package dev.rampart.kata.leastprivilegedb;

import dev.rampart.kata.support.Leaks;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A file the administrator plants in the database server's data directory, holding a random
 * secret under a name with a random part: whoever can read files or list directories on the
 * server, or run programs there, can read one or the other back. It lives on the server, so the
 * suite works the same with a server on another machine, and the oracle is the secret itself.
 *
 * <p>Also the place where an attacker's write must not land: {@link #loot()} names a file that
 * must never exist.
 */
final class ServerCanary {

    private final Connection admin;
    private final String directory;
    private final String name;
    private final String secret;
    private final String loot;

    private ServerCanary(Connection admin, String directory, String name, String secret, String loot) {
        this.admin = admin;
        this.directory = directory;
        this.name = name;
        this.secret = secret;
        this.loot = loot;
    }

    /** Plants the file over the administrator's connection, which it keeps; the administrator must be a superuser (the embedded server's is). */
    static ServerCanary plant(Connection admin) throws SQLException {
        String directory;
        try (var statement = admin.createStatement();
             var rs = statement.executeQuery("SELECT current_setting('data_directory')")) {
            rs.next();
            directory = rs.getString(1);
        }
        // Letters and digits only: the names go into SQL literals and a shell command below.
        var canary = new ServerCanary(admin, directory, "rampart-canary-" + Leaks.randomSecret(20) + ".txt",
                Leaks.randomSecret(32), directory + "/rampart-loot-" + Leaks.randomSecret(20) + ".txt");
        canary.execute("COPY (SELECT '" + canary.secret + "') TO '" + canary.path() + "'");
        return canary;
    }

    /** The file's absolute path on the server. */
    String path() {
        return directory + "/" + name;
    }

    /** The file's name, which the server resolves against its data directory. */
    String name() {
        return name;
    }

    /** The server's data directory. */
    String directory() {
        return directory;
    }

    /** A path that must never exist: where an attacker's write would land. */
    String loot() {
        return loot;
    }

    /** What reading the file, or listing its directory, gives away. */
    List<String> secrets() {
        return List.of(secret, name.substring("rampart-canary-".length(), name.length() - ".txt".length()));
    }

    /** Whether something wrote the loot file. */
    boolean lootWritten() throws SQLException {
        // Not "pg_stat_file(...) IS NOT NULL": a row is NOT NULL only when every field is, and Linux has no creation time.
        try (var statement = admin.prepareStatement("SELECT (pg_stat_file(?, true)).size IS NOT NULL")) {
            statement.setString(1, loot);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Removes the loot file, if an attack wrote it. */
    void removeLoot() throws SQLException {
        if (lootWritten()) {
            // SQL can write files but not delete them; a superuser's COPY TO PROGRAM can.
            execute("COPY (SELECT 1 WHERE false) TO PROGRAM 'rm -f -- " + loot + "'");
        }
    }

    /** Removes the canary and the loot. */
    void remove() throws SQLException {
        removeLoot();
        execute("COPY (SELECT 1 WHERE false) TO PROGRAM 'rm -f -- " + path() + "'");
    }

    private void execute(String sql) throws SQLException {
        try (var statement = admin.createStatement()) {
            statement.execute(sql);
        }
    }
}
