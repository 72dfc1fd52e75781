package dev.rampart.server.notebook;

import dev.rampart.contract.Catalogue;
import dev.rampart.contract.Kata;
import dev.rampart.pristine.Release;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The katas as released, packaged in the server at build time from what is committed (the
 * pristine module reads git HEAD): the catalogue, each kata's starter files and its lesson. What
 * "Reset kata" and "Reset lesson" put back, what a dojo participant and an interview candidate
 * get a copy of, and what an interview's diff starts from.
 *
 * <p>Why not the workspace: the default workspace is the repository's {@code katas/}, where the
 * learner's fixes and a facilitator's rehearsal live; a participant's copy has no history at
 * all. Why not the workspace's git history at run time: the server may run from a packaged jar
 * far from any repository. So the build packages the committed files once, and this reads them.
 */
public final class ReleasedKatas {

    private final Release release;
    /** Each kata of the catalogue that has a released starter, in catalogue order, with its starter's file names. */
    private final Map<Kata, List<String>> starters;

    private ReleasedKatas(Release release) {
        this.release = release;
        var readme = new String(release.read("README.md"), StandardCharsets.UTF_8);
        var katas = new LinkedHashMap<Kata, List<String>>();
        for (var kata : Catalogue.parse(Path.of("README.md"), readme).katas()) {
            var folder = kata.workspaceSources() + "/";
            var files = new ArrayList<String>();
            for (var path : release.files()) {
                var name = path.startsWith(folder) ? path.substring(folder.length()) : "";
                if (name.endsWith(".java") && !name.contains("/")) {
                    files.add(name);
                }
            }
            if (!files.isEmpty()) {
                katas.put(kata, List.copyOf(files));
            }
        }
        this.starters = katas;
    }

    /** What this server was built with. */
    public static ReleasedKatas bundled() {
        return new ReleasedKatas(Release.bundled());
    }

    /** A release laid out as the pristine module packages it, under a class-path folder (tests bring their own). */
    public static ReleasedKatas fromClasspath(String base) {
        return new ReleasedKatas(Release.fromClasspath(base));
    }

    /** Where the files come from, for people: the commit, or why the build took a working tree. */
    public Release.Origin origin() {
        return release.origin();
    }

    public List<Kata> katas() {
        return List.copyOf(starters.keySet());
    }

    public Optional<Kata> find(String id) {
        return starters.keySet().stream().filter(kata -> kata.id().equals(id)).findFirst();
    }

    /** The starter's file names, in the kata's package folder; none for a kata that is not one of these. */
    public List<String> files(Kata kata) {
        return starters.getOrDefault(kata, List.of());
    }

    /** The released bytes of one starter file. */
    public byte[] pristine(Kata kata, String file) {
        if (!files(kata).contains(file)) {
            throw new MissingFileException("That starter file");
        }
        return release.read(kata.workspaceSources() + "/" + file);
    }

    /** The released lesson, as committed (outputs cleared); empty when the kata has none yet. */
    public Optional<byte[]> lesson(Kata kata) {
        var path = kata.workspaceLesson();
        return release.has(path) ? Optional.of(release.read(path)) : Optional.empty();
    }

    /** Writes the whole release (catalogue, lessons, starters) into {@code folder}: a participant's or a candidate's copy. */
    public void copyTo(Path folder) {
        release.copyTo(folder);
    }
}
