package dev.rampart.kata.pinneddependencies;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${name}} placeholders resolved the way Maven resolves them from a pom: the pom's (and its
 * parent's, and an active profile's) {@code <properties>}, and the {@code project.*} values.
 * Anything else ({@code env.*}, {@code -D} on the command line, settings.xml) is decided outside
 * the repository, so it counts as unresolved: the pom alone must say which version is built.
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private final Map<String, String> values;

    Placeholders(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The text with every placeholder replaced, or the name of the first one nothing defines. */
    Result resolve(String text) {
        return resolve(text, new HashSet<>());
    }

    private Result resolve(String text, Set<String> resolving) {
        var out = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            var name = m.group(1);
            var value = values.get(name);
            if (value == null || !resolving.add(name)) {
                return Result.unresolved(name);
            }
            var inner = resolve(value, resolving);
            resolving.remove(name);
            if (inner.unresolved().isPresent()) {
                return inner;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(inner.value()));
        }
        m.appendTail(out);
        return new Result(out.toString().trim(), Optional.empty());
    }

    record Result(String value, Optional<String> unresolved) {

        static Result unresolved(String name) {
            return new Result("", Optional.of(name));
        }
    }
}
