package dev.rampart.proof;

import dev.rampart.contract.Kata;
import dev.rampart.kata.support.KataClassLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The solution must be a drop-in for the starter: the same public classes with the same public
 * constructors, methods and fields. Otherwise a learner could not compare the two, and the
 * suite would test something the starter does not have.
 */
final class SignatureCheck {

    private SignatureCheck() {
    }

    static List<Violation> check(Kata kata, Path starters, Path solutions) {
        var violations = new ArrayList<Violation>();
        try (var starterLoader = loader(kata, starters); var solutionLoader = loader(kata, solutions)) {
            var starterClasses = publicClasses(kata, starters, starterLoader);
            var solutionClasses = publicClasses(kata, solutions, solutionLoader);
            for (var name : union(starterClasses, solutionClasses)) {
                var onStarter = starterClasses.contains(name) ? members(starterLoader, name) : Set.<String>of();
                var onSolution = solutionClasses.contains(name) ? members(solutionLoader, name) : Set.<String>of();
                if (onStarter.isEmpty() || onSolution.isEmpty()) {
                    violations.add(new Violation(kata.id(), simple(name),
                            "public class exists only in the " + (onStarter.isEmpty() ? "solution" : "starter")));
                    continue;
                }
                diff(onStarter, onSolution).forEach(m -> violations.add(new Violation(kata.id(), simple(name),
                        "starter and solution differ in " + m)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return violations;
    }

    private static KataClassLoader loader(Kata kata, Path dir) {
        try {
            return new KataClassLoader(kata.packageName(), new URL[] {dir.toUri().toURL()}, SignatureCheck.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(dir.toString(), e);
        }
    }

    private static Set<String> publicClasses(Kata kata, Path root, ClassLoader loader) throws IOException {
        var dir = root.resolve(kata.packageDir());
        var names = new TreeSet<String>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (var file : files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class") && !f.contains("$")).toList()) {
                var name = kata.packageName() + "." + file.substring(0, file.length() - ".class".length());
                if (Modifier.isPublic(load(loader, name).getModifiers())) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static Set<String> members(ClassLoader loader, String name) {
        var type = load(loader, name);
        var members = new TreeSet<String>();
        for (var c : type.getConstructors()) {
            members.add("constructor " + type.getSimpleName() + params(c.getParameterTypes()));
        }
        for (var m : type.getMethods()) {
            if (m.getDeclaringClass() == type) {
                members.add("method " + m.getReturnType().getTypeName() + " " + m.getName() + params(m.getParameterTypes()));
            }
        }
        for (var f : type.getFields()) {
            members.add("field " + f.getType().getTypeName() + " " + f.getName());
        }
        for (var nested : type.getClasses()) {
            members.add("nested " + nested.getSimpleName());
        }
        return members;
    }

    private static Class<?> load(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("Cannot load " + name + ": " + e, e);
        }
    }

    private static String params(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getTypeName).toList().toString().replace('[', '(').replace(']', ')');
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static List<String> diff(Set<String> starter, Set<String> solution) {
        var out = new ArrayList<String>();
        starter.stream().filter(m -> !solution.contains(m)).forEach(m -> out.add(m + " (missing in the solution)"));
        solution.stream().filter(m -> !starter.contains(m)).forEach(m -> out.add(m + " (missing in the starter)"));
        return out;
    }

    private static String simple(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
