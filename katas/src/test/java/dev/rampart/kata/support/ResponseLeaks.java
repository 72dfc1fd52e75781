package dev.rampart.kata.support;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The oracle "this response leaks nothing about the server": no stack frames, no names of the
 * classes it runs, no locations on its disk, none of the internal strings the test planted (an
 * SQL error's text, a table name), and no software versions in the headers.
 *
 * <p>The body is parsed (JSON with Jackson; anything else is one piece of text) and each leaf
 * is judged on its own. Class names are confirmed by loading them, file locations by finding
 * them on disk: a finding is something the server really has, not a pattern that looks alike.
 * Every method returns findings, one readable line each; an empty list means nothing leaked.
 */
public final class ResponseLeaks {

    /**
     * A stack frame as {@code Throwable.printStackTrace} or {@code StackTraceElement.toString}
     * writes it: {@code at java.base/java.lang.Long.parseLong(Long.java:711)}, with or without
     * the {@code at}, and the native and unknown-source forms.
     */
    private static final Pattern STACK_FRAME = Pattern.compile(
            "[\\w$./]+\\.[\\w$<>]+\\((?:[\\w$]+\\.(?:java|kt|scala|groovy):\\d+|Native Method|Unknown Source)\\)");
    /** A dotted Java name: package segments and a class, possibly nested with $. */
    private static final Pattern DOTTED_NAME = Pattern.compile("(?<![\\w$.])[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)+");
    /** An absolute Unix or Windows path, not part of a URL. */
    private static final Pattern ABSOLUTE_PATH =
            Pattern.compile("(?<![\\w.:/\\\\])(?:/[\\w.@%+~-]+)+|\\b[A-Za-z]:\\\\(?:[\\w.@%+~ -]+\\\\?)+");
    /** Headers that exist only to name the software, and the one that often names it with a version. */
    private static final List<String> SOFTWARE_HEADERS = List.of("x-powered-by", "x-aspnet-version", "x-aspnetmvc-version");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");

    private ResponseLeaks() {
    }

    /** Everything this response gives away: body and headers. */
    public static List<String> find(HttpResponse<String> response, Collection<String> internals) {
        var findings = new ArrayList<>(inBody(response, internals));
        findings.addAll(inHeaders(response));
        return findings;
    }

    /**
     * What the body gives away: stack frames, names of loadable classes, existing paths on the
     * server's disk, and any of {@code internals} (matched as whole words inside a leaf).
     */
    public static List<String> inBody(HttpResponse<String> response, Collection<String> internals) {
        var findings = new ArrayList<String>();
        for (var text : JsonBody.texts(response)) {
            STACK_FRAME.matcher(text).results().findFirst()
                    .ifPresent(m -> findings.add("a stack frame: " + m.group()));
            DOTTED_NAME.matcher(text).results().map(m -> m.group()).distinct()
                    .flatMap(name -> loadableClass(name).stream())
                    .forEach(name -> findings.add("the name of a class the server runs: " + name));
            ABSOLUTE_PATH.matcher(text).results().map(m -> m.group()).distinct()
                    .flatMap(path -> existingLocation(path).stream())
                    .forEach(where -> findings.add("a location on the server's disk: " + where));
            for (var internal : internals) {
                if (!internal.isBlank() && containsWord(text, internal)) {
                    findings.add("internal detail \"" + internal + "\"");
                }
            }
        }
        return findings;
    }

    /** Headers that name the server's software and its version ({@code Server}, {@code X-Powered-By}, ...). */
    public static List<String> inHeaders(HttpResponse<?> response) {
        var findings = new ArrayList<String>();
        response.headers().map().forEach((name, values) -> {
            var lower = name.toLowerCase(Locale.ROOT);
            for (var value : values) {
                if (SOFTWARE_HEADERS.contains(lower) || lower.equals("server") && VERSION.matcher(value).find()) {
                    findings.add("header " + name + ": " + value);
                }
            }
        });
        return findings;
    }

    /** The class this dotted name (or its prefix, for a method or field after it) names, if the JVM can load it. */
    private static Optional<String> loadableClass(String dotted) {
        for (var name = dotted; name.contains("."); name = name.substring(0, name.lastIndexOf('.'))) {
            if (loads(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static boolean loads(String name) {
        for (var loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(), ResponseLeaks.class.getClassLoader()}) {
            try {
                Class.forName(name, false, loader);
                return true;
            } catch (ClassNotFoundException | LinkageError | IllegalArgumentException notAClass) {
                // try the next loader
            }
        }
        return false;
    }

    /** The deepest existing folder or file the path names, if it is more than a top-level folder. */
    private static Optional<Path> existingLocation(String text) {
        try {
            for (var p = Path.of(text); p != null && p.getNameCount() >= 2; p = p.getParent()) {
                if (Files.exists(p)) {
                    return Optional.of(p);
                }
            }
        } catch (InvalidPathException notAPath) {
            // not a path on this system
        }
        return Optional.empty();
    }

    private static boolean containsWord(String text, String word) {
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            var before = at == 0 ? ' ' : text.charAt(at - 1);
            var end = at + word.length();
            var after = end >= text.length() ? ' ' : text.charAt(end);
            if (!Character.isLetterOrDigit(before) && !Character.isLetterOrDigit(after)) {
                return true;
            }
        }
        return false;
    }
}
