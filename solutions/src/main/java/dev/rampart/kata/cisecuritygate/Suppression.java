package dev.rampart.kata.cisecuritygate;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One accepted risk: exactly one vulnerability in exactly one package, with a reason a reviewer
 * can read and a date on which it stops applying.
 *
 * <p>No patterns: {@code CVE-.*} or an entry without a package silences findings nobody has
 * looked at yet. No open-ended dates: a suppression that never expires is a permanent hole.
 */
record Suppression(String id, String packageName, String reason, LocalDate expires) {

    /** How far ahead a suppression may be dated: long enough to ship a fix, short enough to be reviewed again. */
    static final int MAX_DAYS = 90;

    /** The entry as a suppression, or why it cannot be honoured. */
    static Result of(JsonNode entry, LocalDate today) {
        var id = text(entry, "id");
        var pkg = text(entry, "package");
        var reason = text(entry, "reason");
        var expires = text(entry, "expires");
        var label = "suppression " + id.orElse("(no id)") + " for " + pkg.orElse("(no package)");
        if (id.isEmpty() || pkg.isEmpty()) {
            return Result.refused(label + " must name one vulnerability id and one package, exactly");
        }
        if (reason.filter(Suppression::readable).isEmpty()) {
            return Result.refused(label + " has no reason: say why the risk is acceptable");
        }
        if (expires.isEmpty()) {
            return Result.refused(label + " has no expiry date (expires: yyyy-mm-dd)");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(expires.get());
        } catch (DateTimeParseException e) {
            return Result.refused(label + " has expiry '" + expires.get() + "', which is not a date like 2026-12-31");
        }
        if (!today.isBefore(date)) {
            return Result.refused(label + " expired on " + date + ": fix the finding or review the risk again");
        }
        if (date.isAfter(today.plusDays(MAX_DAYS))) {
            return Result.refused(label + " runs to " + date + ", more than " + MAX_DAYS + " days ahead: date it sooner");
        }
        return Result.honoured(new Suppression(id.get(), pkg.get(), reason.get(), date));
    }

    boolean covers(String findingId, String findingPackage) {
        return id.equals(findingId) && packageName.equals(findingPackage);
    }

    private static Optional<String> text(JsonNode entry, String field) {
        var value = entry.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** A reason is something a person wrote: blanks, no-break and zero-width spaces are not. */
    private static boolean readable(String reason) {
        return reason.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    record Result(Optional<Suppression> suppression, Optional<String> refusal) {

        static Result honoured(Suppression s) {
            return new Result(Optional.of(s), Optional.empty());
        }

        static Result refused(String why) {
            return new Result(Optional.empty(), Optional.of(why));
        }
    }
}
