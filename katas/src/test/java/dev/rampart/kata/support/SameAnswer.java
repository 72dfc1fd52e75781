package dev.rampart.kata.support;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The oracle "an observer cannot tell these two requests apart by their answers" (account
 * enumeration, and any other yes/no that should stay secret): status, headers and body are
 * compared, the body field by field when it is JSON.
 *
 * <p>Each request is sent twice first: whatever differs between two sends of the same request
 * (a correlation id, a date, a nonce) is noise that tells the observer nothing, and is left out
 * of the comparison. No field names are hard-coded.
 */
public final class SameAnswer {

    private SameAnswer() {
    }

    /** What an observer sees differ between the answers to {@code first} and {@code second}; empty when nothing does. */
    public static List<String> differences(Supplier<HttpResponse<String>> first, Supplier<HttpResponse<String>> second) {
        var a = first.get();
        var aAgain = first.get();
        var b = second.get();
        var bAgain = second.get();
        var differences = new ArrayList<String>();
        if (a.statusCode() != b.statusCode()) {
            differences.add("status " + a.statusCode() + " vs " + b.statusCode());
        }
        var noisyHeaders = new HashSet<>(Set.of("date"));
        noisyHeaders.addAll(changed(headers(a), headers(aAgain)));
        noisyHeaders.addAll(changed(headers(b), headers(bAgain)));
        for (var name : changed(headers(a), headers(b))) {
            if (!noisyHeaders.contains(name)) {
                differences.add("header " + name + ": " + headers(a).get(name) + " vs " + headers(b).get(name));
            }
        }
        differences.addAll(bodyDifferences(a, aAgain, b, bAgain));
        return differences;
    }

    private static List<String> bodyDifferences(HttpResponse<String> a, HttpResponse<String> aAgain,
            HttpResponse<String> b, HttpResponse<String> bAgain) {
        var jsonA = JsonBody.of(a);
        var jsonB = JsonBody.of(b);
        if (jsonA.isPresent() && jsonB.isPresent()) {
            var leavesA = JsonBody.leaves(jsonA.get());
            var leavesB = JsonBody.leaves(jsonB.get());
            var noise = new HashSet<String>();
            JsonBody.of(aAgain).ifPresent(again -> noise.addAll(changed(leavesA, JsonBody.leaves(again))));
            JsonBody.of(bAgain).ifPresent(again -> noise.addAll(changed(leavesB, JsonBody.leaves(again))));
            return changed(leavesA, leavesB).stream()
                    .filter(pointer -> !noise.contains(pointer))
                    .map(pointer -> "body " + pointer + ": " + describe(leavesA.get(pointer)) + " vs " + describe(leavesB.get(pointer)))
                    .toList();
        }
        var noisy = !Objects.equals(a.body(), aAgain.body()) || !Objects.equals(b.body(), bAgain.body());
        if (jsonA.isPresent() != jsonB.isPresent() || !noisy && !Objects.equals(a.body(), b.body())) {
            return List.of("body " + describe(a.body()) + " vs " + describe(b.body()));
        }
        return List.of();
    }

    private static Map<String, List<String>> headers(HttpResponse<String> response) {
        var headers = new TreeMap<String, List<String>>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        return headers;
    }

    /** The keys whose values differ, including keys only one side has. */
    private static <V> Set<String> changed(Map<String, V> one, Map<String, V> other) {
        var keys = new TreeSet<>(one.keySet());
        keys.addAll(other.keySet());
        keys.removeIf(k -> Objects.equals(one.get(k), other.get(k)));
        return keys;
    }

    private static String describe(String value) {
        return value == null ? "(absent)" : "\"" + value + "\"";
    }
}
