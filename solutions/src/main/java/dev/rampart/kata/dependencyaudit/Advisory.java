package dev.rampart.kata.dependencyaudit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The parts of an OSV record the audit reads; see https://ossf.github.io/osv-schema/. */
@JsonIgnoreProperties(ignoreUnknown = true)
record Advisory(String id, List<String> aliases, String withdrawn, List<Affected> affected) {

    Advisory {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("An OSV record has no id");
        }
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        affected = affected == null ? List.of() : List.copyOf(affected);
    }

    /** OSV keeps a withdrawn record, with the time it was withdrawn, so that links keep working. */
    boolean isWithdrawn() {
        return withdrawn != null && !withdrawn.isBlank();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Affected(@JsonProperty("package") PackageRef pkg, List<Range> ranges, List<String> versions) {

        Affected {
            ranges = ranges == null ? List.of() : List.copyOf(ranges);
            versions = versions == null ? List.of() : List.copyOf(versions);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PackageRef(String ecosystem, String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Range(String type, List<Map<String, String>> events) {

        Range {
            events = events == null ? List.of() : List.copyOf(events);
        }
    }
}
