package dev.rampart.kata.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.contract.CaseResult;
import dev.rampart.contract.CaseResult.Kind;
import dev.rampart.contract.CaseResult.Verdict;
import dev.rampart.contract.Catalogue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTableTest {

    @Test
    void showsBlockedAttacksAndHonestTestsPerKata() {
        var catalogue = Catalogue.parse(Path.of("README.md"), """
                | # | Kata | Title |
                |---|------|-------|
                | 6 | `path-traversal` | a |
                | 7 | `password-storage` | b |
                | 11 | `sql-injection` | c |
                """);
        var results = Map.of(
                "path-traversal", List.of(attack(Verdict.PASSED), attack(Verdict.PASSED), honest(Verdict.PASSED)),
                "password-storage", List.of(attack(Verdict.PASSED), attack(Verdict.FAILED_BY_ASSERTION), honest(Verdict.FAILED_BY_ASSERTION)));

        var lines = ProgressTable.format(catalogue, results).lines().toList();

        assertThat(lines).hasSize(5);
        assertThat(lines.get(2).split("\\s{2,}")).containsExactly("path-traversal", "2 / 2", "ok", "solved");
        assertThat(lines.get(3).split("\\s{2,}")).containsExactly("password-storage", "1 / 2", "1 broken", "feature broken");
        assertThat(lines.get(4).split("\\s{2,}")).containsExactly("sql-injection", "0 / 0", "ok", "not run");
    }

    private static CaseResult attack(Verdict verdict) {
        return new CaseResult("a", Kind.ATTACK, "attack", verdict, "");
    }

    private static CaseResult honest(Verdict verdict) {
        return new CaseResult("h", Kind.HONEST, "honest", verdict, "");
    }
}
