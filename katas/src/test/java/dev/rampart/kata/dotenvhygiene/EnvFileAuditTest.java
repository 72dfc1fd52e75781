package dev.rampart.kata.dotenvhygiene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

class EnvFileAuditTest {

    @TempDir
    Path temp;

    private GitWorkTree repo;

    @BeforeEach
    void newRepository() {
        repo = GitWorkTree.init(temp.resolve("repo"));
    }

    @AfterEach
    void closeRepository() {
        repo.close();
    }

    // --- honest use -------------------------------------------------------------------------

    @Test
    void aRepositoryWithoutEnvFilesIsClean() {
        repo.write("README.md", "# shop\n").write("src/Main.java", "class Main {}\n");

        assertThat(EnvFileAudit.exposedEnvFiles(repo.root())).isEmpty();
    }

    @Test
    void aRootEnvFileWithNoIgnoreRuleIsReported() {
        repo.envFile(".env");

        assertThat(EnvFileAudit.exposedEnvFiles(repo.root())).containsExactly(Path.of(".env"));
    }

    @ParameterizedTest
    @PayloadFile("dotenv-hygiene/legitimate-ignore-rules.txt")
    void rulesThatReallyIgnoreTheRootEnvFileLeaveTheRepositoryClean(String rules) {
        repo.gitignore(rules).envFile(".env").write(".env.example", "DB_PASSWORD=\n");

        assertThat(repo.committableEnvFiles()).as("git itself must ignore .env under these rules").isEmpty();
        assertThat(EnvFileAudit.exposedEnvFiles(repo.root())).isEmpty();
    }

    @ParameterizedTest
    @PayloadFile("dotenv-hygiene/legitimate-nested-rules.txt")
    void rulesThatReachEveryFolderLeaveTheRepositoryClean(String rules, String nested) {
        repo.gitignore(rules).envFile(".env").envFile(nested);

        assertThat(repo.committableEnvFiles()).as("git itself must ignore %s under these rules", nested).isEmpty();
        assertThat(EnvFileAudit.exposedEnvFiles(repo.root())).isEmpty();
    }

    @ParameterizedTest
    @PayloadFile("dotenv-hygiene/legitimate-env-templates.txt")
    void committedTemplatesWithoutValuesAreFine(String template) {
        repo.gitignore(".env").write(template, "DB_PASSWORD=\nDB_HOST=localhost\n").commit("Add the env template", template);

        assertThat(EnvFileAudit.exposedEnvFiles(repo.root())).isEmpty();
    }

    @Test
    void aRuleOnlyInThisMachinesInfoExcludeDoesNotProtectTheTeam() {
        // .git/info/exclude is never committed: a teammate's clone, or CI, would add the .env.
        repo.envFile(".env").write(".git/info/exclude", ".env\n");

        assertThat(EnvFileAudit.exposedEnvFiles(repo.root())).containsExactly(Path.of(".env"));
    }

    @Test
    void envFilesOfANestedRepositoryAreThatRepositorysBusiness() {
        // A vendored project or a submodule: git add . records it as one entry, never its files.
        repo.gitignore(".env").envFile(".env");
        try (var vendored = GitWorkTree.init(repo.root().resolve("vendor/payments-sdk"))) {
            vendored.envFile(".env.production");
        }

        assertThat(repo.committableEnvFiles()).as("git itself must not commit a nested repository's files").isEmpty();
        assertThat(EnvFileAudit.exposedEnvFiles(repo.root())).isEmpty();
    }

    @Test
    void whatGitKeepsInsideDotGitIsNeverCommitted() {
        repo.gitignore(".env").envFile(".env").write(".git/backup.env", "DB_PASSWORD=kept-by-a-tool\n");

        assertThat(EnvFileAudit.exposedEnvFiles(repo.root())).isEmpty();
    }

    // --- attacks ----------------------------------------------------------------------------

    @AttackFamily("a .gitignore rule that only looks like it covers .env lets git commit it")
    @PayloadFile("dotenv-hygiene/ineffective-ignore-rules.txt")
    void rulesThatMissTheRootEnvFile(String rules) {
        repo.gitignore(rules).envFile(".env");

        assertAuditSeesWhatGitWouldCommit(rules);
    }

    @AttackFamily("a negation rule re-includes .env after it was ignored")
    @PayloadFile("dotenv-hygiene/negation-rules.txt")
    void negationRules(String rules) {
        repo.gitignore(rules).envFile(".env");

        assertAuditSeesWhatGitWouldCommit(rules);
    }

    @AttackFamily(".env is ignored at the root only, and an env file below it is committed")
    @PayloadFile("dotenv-hygiene/nested-env-files.txt")
    void nestedEnvFiles(String rules, String nested) {
        repo.gitignore(rules).envFile(".env").envFile(nested);

        assertAuditSeesWhatGitWouldCommit(rules);
    }

    @AttackFamily("an env file under another name (.env.production, a backup copy) is committed")
    @PayloadFile("dotenv-hygiene/env-file-variants.txt")
    void envFileVariants(String name) {
        repo.gitignore(".env").envFile(".env").envFile(name);

        assertAuditSeesWhatGitWouldCommit(".env");
    }

    @Attack("config/.env, committed before the ignore rule was added, stays tracked and keeps being committed")
    void trackedBeforeTheRule() {
        repo.envFile("config/.env").commit("Local config", "config/.env");
        repo.gitignore(".env").envFile(".env").commit("Ignore env files", ".gitignore");

        assertAuditSeesWhatGitWouldCommit(".env");
    }

    @Attack("git add -f stages .env past its ignore rule, and the next commit takes it")
    void forceAddedPastTheRule() {
        repo.gitignore(".env").envFile(".env").forceAdd(".env");

        assertAuditSeesWhatGitWouldCommit(".env, with .env staged by git add -f");
    }

    @Attack("a .gitignore in a subfolder re-includes its .env with !.env")
    void negationInASubfolder() {
        repo.gitignore(".env").envFile(".env").write("config/.gitignore", "!.env\n").envFile("config/.env");

        assertAuditSeesWhatGitWouldCommit(".env at the root, !.env in config/.gitignore");
    }

    // --- helpers ----------------------------------------------------------------------------

    /** The oracle: whatever env file git would commit, the audit must report. */
    private void assertAuditSeesWhatGitWouldCommit(String rules) {
        Set<Path> committed = repo.committableEnvFiles();
        List<Path> reported = EnvFileAudit.exposedEnvFiles(repo.root());

        assertThat(committed).as("the scenario is broken: git commits no env file here").isNotEmpty();
        assertThat(reported)
                .as("with .gitignore %s, git add . would commit %s, and the audit reported %s: look at every env "
                        + "file (.env.*, *.env) in every folder, with git's own ignore rules (every .gitignore, negations) "
                        + "and what git already tracks",
                        printable(rules), committed, reported)
                .containsAll(committed);
    }

    private static String printable(String rules) {
        return "\"" + rules.replace("\n", "\\n") + "\"";
    }
}
