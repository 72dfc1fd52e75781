package dev.rampart.kata.pinneddependencies;

/** What can leave a build unpinned. */
public enum Rule {
    /** {@code [1.0,2.0)}: Maven picks whatever is newest in the range on the day of the build. */
    VERSION_RANGE,
    /** {@code LATEST} or {@code RELEASE}: whatever was published last. */
    DYNAMIC_VERSION,
    /** A {@code -SNAPSHOT} (or timestamped snapshot) build, which can be replaced under the same name. */
    SNAPSHOT,
    /** No version at all, and none managed: Maven or the plugin registry chooses. */
    MISSING_VERSION,
    /** A {@code ${property}} nothing in the pom defines, so the version is decided outside it. */
    UNRESOLVED_PROPERTY,
    /** A repository reached over plain HTTP, where anyone on the path can swap the jar. */
    INSECURE_REPOSITORY
}
