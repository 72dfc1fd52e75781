package dev.rampart.kata.sqlinjection;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The tables {@link UserRepository} works on, and the people in them: the attack suite and the
 * lesson both start from this. Everything lands in the connection's current schema.
 *
 * <p>{@code password_hash} holds whatever the sign-in service computes from a password (how to
 * compute it well is the password-storage kata); {@code api_keys} holds the secrets an attacker
 * is after.
 */
public final class UserSchema {

    private static final String SCRIPT = """
            DROP TABLE IF EXISTS api_keys, orders, users CASCADE;

            CREATE TABLE users (
                id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                username      text NOT NULL UNIQUE,
                email         text NOT NULL,
                display_name  text NOT NULL,
                password_hash text NOT NULL,
                role          text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'service', 'admin'))
            );

            CREATE TABLE orders (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                user_id     bigint NOT NULL REFERENCES users,
                item        text NOT NULL,
                total_cents bigint NOT NULL
            );

            CREATE TABLE api_keys (
                id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                user_id bigint NOT NULL REFERENCES users,
                name    text NOT NULL UNIQUE,
                secret  text NOT NULL
            );

            INSERT INTO users (username, email, display_name, password_hash, role) VALUES
                ('admin',      'admin@rampart.example',        'Site Administrator', '23d67be33b5ae18f315638a6671955576d3b652bd6a56aace6ec7dd52163cf52', 'admin'),
                ('alice',      'alice@rampart.example',        'Alice Martin',       '3bb8649552e00fb926793b82e0c5c16e61cd274fefb0a18de3975a5975c7a1c5', 'user'),
                ('bob',        'o''brien@rampart.example',     'Bob O''Brien',       'b7902b19fb395900b5f685b6268e153ce2c532ae54b1366c5c8341c7e8c18831', 'user'),
                ('carol',      'carol@rampart.example',        'Carol Martinez',     'e63e5963b593e60b9ad64dba3f3cd73233e75e9bffd9ed28daf3d22ec04c3ac4', 'user'),
                ('zoë',        'zoe@rampart.example',          'Zoë Ångström',       'c87bec92a870297b1d939d4ee69160ca6f2a90d8032be6dcb57014b6717e278c', 'user'),
                ('martin',     'martin.kovac@rampart.example', 'Martin Kovač',       '262d59e5884ea068724482cffcc30644839e2c31047e850487a6e06a6a2f3d6f', 'user'),
                ('yamada',     'yamada@rampart.example',       '山田 太郎',            '9f7bdb67cad0328c895506e64fd524ed8e070ed99a2620d61a355ea07bab5583', 'user'),
                ('uptime',     'uptime_bot@rampart.example',   '100% Uptime Bot',    '9982823585852e1504fe58e091931b4507a1be5936bbe907d0ab1c1966ab7281', 'service'),
                ('deploy-bot', 'ops@rampart.example',          'Deploy Bot',         '43f2a4fb8e790fa0c9817c621319ea956b4a15747773ea21111adc5921e2faa1', 'service'),
                ('backup-bot', 'OPS@rampart.example',          'Backup Bot',         '9a50f5d08513d7996566ec266acf9f6ff448df33c8491ccbe852a496b068aa32', 'service'),
                ('mallory',    'mallory@rampart.example',      'Mallory',            '53b0881e6ff3cbb268d5844bd41fba0ec32e616f83a9e534fbb652719ef0f443', 'user');

            INSERT INTO orders (user_id, item, total_cents) VALUES
                ((SELECT id FROM users WHERE username = 'alice'),   'Standing desk',               45900),
                ((SELECT id FROM users WHERE username = 'alice'),   'Monitor arm',                  8900),
                ((SELECT id FROM users WHERE username = 'bob'),     'Mechanical keyboard',         12900),
                ((SELECT id FROM users WHERE username = 'carol'),   'Noise-cancelling headphones', 29900),
                ((SELECT id FROM users WHERE username = 'zoë'),     'Ergonomic chair',             64900),
                ((SELECT id FROM users WHERE username = 'mallory'), 'USB cable',                     900);

            INSERT INTO api_keys (user_id, name, secret) VALUES
                ((SELECT id FROM users WHERE username = 'admin'),      'admin-console', 'rk_live_c0ffee5eed1e4b0f9a7d2c3b'),
                ((SELECT id FROM users WHERE username = 'deploy-bot'), 'deploy',        'rk_live_7f3a9c2e51d04b86a1f0e9d8');
            """;

    private UserSchema() {
    }

    /** Drops the tables (if there) and creates them again with the seed data. */
    public static void reset(DataSource dataSource) throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute(SCRIPT);
        }
    }
}
