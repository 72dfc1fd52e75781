package dev.rampart.kata.dbexposure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a payload as configuration files: each argument is one line of a file, and a line
 * {@code ==> name} starts another file, at that path next to the main one (for includes and
 * {@code @file} lists). So one payload line can hold a {@code postgresql.conf} and the file it
 * includes.
 */
final class ConfigFiles {

    private static final String NEXT_FILE = "==> ";

    private ConfigFiles() {
    }

    /** Writes the files into {@code directory}, the first one as {@code mainName}; returns the main file. */
    static Path write(Path directory, String mainName, List<String> lines) throws IOException {
        var files = new LinkedHashMap<Path, List<String>>();
        var main = directory.resolve(mainName);
        var current = main;
        files.put(current, new ArrayList<>());
        for (var line : lines) {
            if (line.startsWith(NEXT_FILE)) {
                current = directory.resolve(line.substring(NEXT_FILE.length()).strip()).normalize();
                if (!current.startsWith(directory)) {
                    throw new IllegalArgumentException("A payload file must stay in the test's folder: " + line);
                }
                files.put(current, new ArrayList<>());
            } else {
                files.get(current).add(line);
            }
        }
        for (var file : files.entrySet()) {
            Files.createDirectories(file.getKey().getParent());
            Files.write(file.getKey(), file.getValue());
        }
        return main;
    }

    /** The payload as one readable line, for messages: lines joined with ⏎. */
    static String shown(List<String> lines) {
        return lines.stream().collect(Collectors.joining(" ⏎ "));
    }
}
