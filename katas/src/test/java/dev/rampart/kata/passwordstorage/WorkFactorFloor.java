package dev.rampart.kata.passwordstorage;

import dev.rampart.contract.Payloads;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One line of a published floor: the least a scheme's parameters may be (OWASP gives several
 * equivalent lines for Argon2id, trading memory for passes). A row meets the floor when it
 * meets one line of its own scheme.
 */
record WorkFactorFloor(String scheme, Map<String, Long> minimums) {

    WorkFactorFloor {
        minimums = Map.copyOf(minimums);
    }

    /** Reads {@code scheme<TAB>name=value,name=value} lines from a payload file. */
    static List<WorkFactorFloor> load(String resource) {
        return Payloads.load(resource).payloads().stream().map(line -> {
            var columns = line.split("\t");
            if (columns.length != 2) {
                throw new IllegalStateException(resource + ": expected scheme<TAB>minimums, got '" + line + "'");
            }
            var minimums = new LinkedHashMap<String, Long>();
            for (var pair : columns[1].split(",")) {
                var nameAndValue = pair.split("=", 2);
                minimums.put(nameAndValue[0].strip(), Long.parseLong(nameAndValue[1].strip()));
            }
            return new WorkFactorFloor(columns[0].strip(), minimums);
        }).toList();
    }

    boolean admits(StoredHash row) {
        return row.scheme().equals(scheme)
                && minimums.entrySet().stream().allMatch(min -> row.parameter(min.getKey()) >= min.getValue());
    }

    @Override
    public String toString() {
        return scheme + " " + minimums.entrySet().stream()
                .map(min -> min.getKey() + "≥" + min.getValue())
                .collect(Collectors.joining(","));
    }
}
