package dev.rampart.server.notebook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.contract.Kata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pristine starters, shipped inside the server: what "reset the kata" goes back to.
 *
 * <p>Why not the workspace's git history: a workspace may be a copy with no history (a dojo
 * participant's, an unpacked zip), and the learner's own commits are not the starter either.
 * Why not the katas module's files at build time: the default workspace <em>is</em> the katas
 * module, so a build after the learner's fixes would ship the fixes as "pristine". So the
 * starters are vendored as resources ({@code catalogue.json} plus
 * {@code <kata-id>/<File>.java}); a build test keeps them equal to the committed starters.
 */
public final class Starters {

    private final String base;
    /** Each kata, in catalogue order, with its starter's file names. */
    private final Map<Kata, List<String>> files;

    private Starters(String base, Map<Kata, List<String>> files) {
        this.base = base;
        this.files = files;
    }

    /** The server's own starters. */
    public static Starters bundled() {
        return fromClasspath("/dev/rampart/server/starters/");
    }

    /** @param base a classpath folder holding {@code catalogue.json}, ending in {@code /} */
    public static Starters fromClasspath(String base) {
        try (var in = open(base + "catalogue.json")) {
            var katas = new LinkedHashMap<Kata, List<String>>();
            for (var node : new ObjectMapper().readTree(in)) {
                var names = new ArrayList<String>();
                node.path("files").forEach(file -> names.add(file.asText()));
                katas.put(new Kata(node.path("number").asInt(), node.path("id").asText(), node.path("title").asText()),
                        List.copyOf(names));
            }
            return new Starters(base, katas);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the starter catalogue " + base + "catalogue.json", e);
        }
    }

    public List<Kata> katas() {
        return List.copyOf(files.keySet());
    }

    public Optional<Kata> find(String id) {
        return files.keySet().stream().filter(kata -> kata.id().equals(id)).findFirst();
    }

    /** The starter's file names, in the kata's package folder; none for a kata that is not one of these. */
    public List<String> files(Kata kata) {
        return files.getOrDefault(kata, List.of());
    }

    /** The pristine bytes of one starter file. */
    public byte[] pristine(Kata kata, String file) {
        if (!files(kata).contains(file)) {
            throw new MissingFileException("That starter file");
        }
        try (var in = open(base + kata.id() + "/" + file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the starter " + kata.id() + "/" + file, e);
        }
    }

    private static InputStream open(String resource) {
        var in = Starters.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("The server was built without " + resource + ": rebuild it with ./mvnw -pl server -am package");
        }
        return in;
    }
}
