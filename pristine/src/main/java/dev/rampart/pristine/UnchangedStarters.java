package dev.rampart.pristine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Build time, for the solutions: a solution holds only the files its fix changes; every other
 * file of its kata's starter is supplied from here, as released, so the two can never drift
 * apart. Writes each such file into a generated source folder.
 *
 * <p>A starter file is supplied when the solution has its kata's package folder
 * ({@code dev/rampart/kata/<kata>/}) but not the file. The released (committed) file is taken,
 * so a learner's edits in {@code katas/} never leak into the solutions; a starter file not
 * committed yet (a kata being written) is taken from {@code katas/}, and the build says so.
 *
 * <p>{@code UnchangedStarters <solutions' sources> <katas' sources> <output folder>}.
 */
public final class UnchangedStarters {

    /** {@code dev/rampart/kata/<kata>}: the folders below the source root that make a kata's package. */
    private static final int KATA_FOLDER_DEPTH = 4;

    private UnchangedStarters() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("Usage: UnchangedStarters <solutions' sources> <katas' sources> <output folder>");
        }
        supply(Release.bundled(), Path.of(args[0]), Path.of(args[1]), Path.of(args[2])).forEach(System.out::println);
    }

    /**
     * Writes the supplied files under {@code output} (emptied first).
     *
     * @return notes for the build's output: files taken from the working tree, and working-tree
     *         files that differ from the released ones the solutions use
     */
    static List<String> supply(Release release, Path solutions, Path katas, Path output) throws IOException {
        delete(output);
        var starters = new TreeMap<String, byte[]>();
        var notes = new ArrayList<String>();
        for (var path : release.files()) {
            if (path.startsWith(Snapshot.STARTERS)) {
                starters.put(path.substring(Snapshot.STARTERS.length()), release.read(path));
            }
        }
        if (Files.isDirectory(katas)) {
            try (var files = Files.walk(katas)) {
                for (var file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    var relative = katas.relativize(file).toString().replace('\\', '/');
                    var bytes = Files.readAllBytes(file);
                    if (!Snapshot.released(Snapshot.STARTERS + relative)) {
                        continue;
                    }
                    var released = starters.get(relative);
                    if (released == null) {
                        starters.put(relative, bytes);
                        if (supplied(solutions, relative)) {
                            notes.add("solutions: " + relative + " is not committed yet; its copy in katas/ is used");
                        }
                    } else if (!Arrays.equals(released, bytes) && supplied(solutions, relative)) {
                        notes.add("solutions: the committed " + relative + " is used; the one in katas/ differs (your edit?)");
                    }
                }
            }
        }
        for (var starter : starters.entrySet()) {
            if (supplied(solutions, starter.getKey())) {
                var target = output.resolve(starter.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, starter.getValue());
            }
        }
        return notes;
    }

    /** True when the solution has this file's kata but not the file: the build supplies it. */
    private static boolean supplied(Path solutions, String relative) {
        var names = relative.split("/");
        if (names.length <= KATA_FOLDER_DEPTH) {
            return false;
        }
        var kataFolder = solutions.resolve(String.join("/", Arrays.copyOf(names, KATA_FOLDER_DEPTH)));
        return Files.isDirectory(kataFolder) && !Files.exists(solutions.resolve(relative));
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> old = Files.walk(folder)) {
            for (var path : (Iterable<Path>) old.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
