package dev.rampart.kata.errorhandling;

import dev.rampart.kata.support.JsonBody;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The names of exception classes in an answer, written the short way as well as qualified:
 * {@code SQLException} tells an attacker as much as {@code java.sql.SQLException} (a relational
 * database behind the API, reached through JDBC), and {@code MismatchedInputException} names the
 * JSON library. The shared {@code ResponseLeaks} finds qualified names; this finds the simple
 * ones too.
 *
 * <p>A word named as Java names its exceptions ({@code ...Exception}, {@code ...Error}) counts
 * when it is the simple name of a {@link Throwable} in a package the server's JVM holds: every
 * package of the JDK's modules and every package its class loaders have defined so far (the web
 * framework, the JSON library, the API's own). The class is loaded to confirm it, so a word that
 * only looks like a class name is not a finding. The bare root names ({@code Error},
 * {@code Exception}) are ordinary words and name nothing.
 */
final class ExceptionNames {

    /** A word as Java names its exception classes: only these are looked up, the rest of the text is prose. */
    private static final Pattern EXCEPTION_LIKE = Pattern.compile("\\b[A-Z][\\w$]*(?:Exception|Error)\\b");
    private static final Set<String> ORDINARY_WORDS = Set.of("Error", "Exception");

    private ExceptionNames() {
    }

    /** One finding per exception class the body or a header names, each with its qualified name. */
    static List<String> in(HttpResponse<String> response) {
        var texts = new ArrayList<String>(JsonBody.texts(response));
        // Field names too: {"SQLException": "..."} names the class as plainly as a value does.
        JsonBody.of(response).ifPresent(json -> texts.addAll(JsonBody.leaves(json).keySet()));
        response.headers().map().forEach((name, values) -> {
            texts.add(name);
            texts.addAll(values);
        });
        var words = new LinkedHashSet<String>();
        for (var text : texts) {
            EXCEPTION_LIKE.matcher(text).results().map(m -> m.group()).filter(w -> !ORDINARY_WORDS.contains(w)).forEach(words::add);
        }
        var packages = packages();
        var findings = new ArrayList<String>();
        var seen = new HashMap<String, Optional<String>>();
        for (var word : words) {
            seen.computeIfAbsent(word, w -> throwableNamed(w, packages))
                    .ifPresent(qualified -> findings.add("the name of an exception class the server runs: " + word
                            + (qualified.equals(word) ? "" : " (" + qualified + ")")));
        }
        return findings;
    }

    /** The qualified name of a Throwable whose simple name this is. */
    private static Optional<String> throwableNamed(String word, Set<String> packages) {
        for (var pkg : packages) {
            var name = pkg + "." + word;
            for (var loader : loaders()) {
                try {
                    if (Throwable.class.isAssignableFrom(Class.forName(name, false, loader))) {
                        return Optional.of(name);
                    }
                    break;
                } catch (ClassNotFoundException | LinkageError notThere) {
                    // try the next loader
                }
            }
        }
        return Optional.empty();
    }

    private static List<ClassLoader> loaders() {
        var loaders = new ArrayList<ClassLoader>();
        var context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        loaders.add(ExceptionNames.class.getClassLoader());
        return loaders;
    }

    /** Every package the JVM can name now: the boot layer's modules and what each class loader has defined. */
    private static Set<String> packages() {
        var names = new TreeSet<String>();
        ModuleLayer.boot().modules().forEach(module -> names.addAll(module.getPackages()));
        for (var loader : loaders()) {
            for (var l = loader; l != null; l = l.getParent()) {
                for (var pkg : l.getDefinedPackages()) {
                    names.add(pkg.getName());
                }
            }
        }
        return names;
    }
}
