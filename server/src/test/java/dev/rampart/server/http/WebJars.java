package dev.rampart.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Where the server serves a WebJar's file: the version comes from the jar itself, as pinned in the root pom. */
final class WebJars {

    private WebJars() {
    }

    static String path(String artifact, String file) {
        var properties = new Properties();
        try (var in = WebJars.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The WebJar " + artifact + " is not on the test classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "/webjars/" + artifact + "/" + properties.getProperty("version") + "/" + file;
    }
}
