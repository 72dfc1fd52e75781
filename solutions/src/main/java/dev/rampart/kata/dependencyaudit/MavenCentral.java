package dev.rampart.kata.dependencyaudit;

/**
 * Which OSV ecosystem strings speak of artifacts from Maven Central.
 *
 * <p>The schema allows {@code Maven} alone (Central implied) or {@code Maven:<repository URL>};
 * an entry for Central written out in full is the same package, one for another repository is
 * not the artifact this build resolved.
 */
final class MavenCentral {

    private static final String ECOSYSTEM = "Maven";
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2";

    private MavenCentral() {
    }

    static boolean isEcosystem(String ecosystem) {
        if (ECOSYSTEM.equals(ecosystem)) {
            return true;
        }
        if (ecosystem == null || !ecosystem.startsWith(ECOSYSTEM + ":")) {
            return false;
        }
        var repository = ecosystem.substring(ECOSYSTEM.length() + 1);
        while (repository.endsWith("/")) {
            repository = repository.substring(0, repository.length() - 1);
        }
        return CENTRAL.equals(repository);
    }
}
