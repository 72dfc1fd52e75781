package dev.rampart.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;
import org.junit.jupiter.api.Test;

/**
 * A learner fixes the starter in {@code katas/} with the libraries a professional would pick,
 * the ones the reference solutions use. Those must be on the katas' own class path, or the fix
 * compiles in the solutions and not in the learner's workspace ({@code ./mvnw test -pl katas}).
 */
class LearnerLibrariesTest {

    private static final Path ROOT = Path.of(System.getProperty("rampart.root", "..")).toAbsolutePath().normalize();
    private static final Set<String> NOT_SHIPPED = Set.of("test", "provided");

    @Test
    void everyLibraryASolutionUsesIsOnTheLearnersClassPath() throws Exception {
        var learners = shipped(ROOT.resolve("katas/pom.xml"));

        assertThat(shipped(ROOT.resolve("solutions/pom.xml")))
                .as("libraries the solutions use that katas/pom.xml does not give the learner (add them there, same scope)")
                .isSubsetOf(learners);
    }

    /** The {@code group:artifact} of every dependency the module ships with its main code. */
    private static Set<String> shipped(Path pom) throws IOException, XmlPullParserException {
        try (Reader in = Files.newBufferedReader(pom)) {
            return new MavenXpp3Reader().read(in).getDependencies().stream()
                    .filter(d -> d.getScope() == null || !NOT_SHIPPED.contains(d.getScope()))
                    .map(LearnerLibrariesTest::key)
                    .collect(Collectors.toSet());
        }
    }

    private static String key(Dependency d) {
        return d.getGroupId() + ":" + d.getArtifactId();
    }
}
