package dev.rampart.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The server is split by capability; {@code http} uses the others and none of them may know
 * about HTTP or Javalin, so each stays testable and reusable on its own (the kernel launcher,
 * say, behind a different front door).
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/rampart/server");
    private static final Pattern FORBIDDEN = Pattern.compile("\\b(io\\.javalin|org\\.eclipse\\.jetty|dev\\.rampart\\.server\\.http)\\b");

    @Test
    void onlyHttpKnowsAboutHttp() throws IOException {
        var offences = new ArrayList<String>();
        for (var capability : new String[] {"kernel", "notebook", "katarunner", "security"}) {
            var folder = SOURCES.resolve(capability);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (var files = Files.walk(folder)) {
                for (var file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                    var lines = Files.readAllLines(file);
                    for (var i = 0; i < lines.size(); i++) {
                        if (FORBIDDEN.matcher(lines.get(i)).find()) {
                            offences.add(SOURCES.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }

        assertThat(Files.isDirectory(SOURCES.resolve("http"))).as("run from the server module").isTrue();
        assertThat(offences).as("these capability classes reach into http, Javalin or Jetty; move that code to http").isEmpty();
    }
}
