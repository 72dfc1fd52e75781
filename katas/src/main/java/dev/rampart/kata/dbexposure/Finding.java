package dev.rampart.kata.dbexposure;

import java.util.Objects;

/**
 * One exposure the audit found.
 *
 * @param check  what is wrong
 * @param where  where it was found: a file and line, a server setting, a role's own settings
 * @param detail what the audit saw there
 */
public record Finding(Check check, String where, String detail) {

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(detail, "detail");
    }
}
