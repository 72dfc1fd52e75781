package dev.rampart.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfinementTest {

    @TempDir
    Path sandbox;
    Path workspace;
    Path sibling;
    Confinement confinement;

    @BeforeEach
    void layOut() throws IOException {
        workspace = Files.createDirectories(sandbox.resolve("ws"));
        sibling = Files.createDirectories(sandbox.resolve("ws-evil"));
        Files.writeString(sibling.resolve("secret.ipynb"), "sibling secret");
        Files.writeString(sandbox.resolve("outside.ipynb"), "outside secret");
        Files.createDirectories(workspace.resolve("notebooks"));
        confinement = new Confinement(workspace);
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"../outside.ipynb", "notebooks/../../outside.ipynb", "..", "/etc/passwd",
        "../ws-evil/secret.ipynb", "notebooks/..\\..\\outside.ipynb", "..\\outside.ipynb", "notebooks/\u0000.ipynb",
        ".git/config", ".env", "notebooks/.ipynb_checkpoints/a-checkpoint.ipynb", "./notebooks", "C:/Windows/win.ini",
        "notebooks/./../../outside.ipynb", "..%2foutside.ipynb", "..%c0%afoutside.ipynb"})
    void pathsThatClimbOutOrHideAreRefused(String attack) {
        assertThatThrownBy(() -> confinement.resolve(attack)).isInstanceOf(OutsideWorkspaceException.class);
    }

    @ParameterizedTest(name = "{0} stays a plain name inside the workspace")
    @ValueSource(strings = {"%2e%2e/outside.ipynb", "%252e%252e/outside.ipynb", "notebooks/%2e%2e%2f%2e%2e%2foutside.ipynb"})
    void encodedDotsAreNeverDecodedAgain(String encoded) {
        var resolved = confinement.resolve(encoded);

        assertThat(resolved.startsWith(workspace.toAbsolutePath())).as("%s must stay inside the workspace", encoded).isTrue();
    }

    @Test
    @DisplayName("a symlink inside the workspace that points out is refused")
    void symlinkOut() throws IOException {
        Files.createSymbolicLink(workspace.resolve("link"), sandbox);

        assertThatThrownBy(() -> confinement.resolve("link/outside.ipynb")).isInstanceOf(OutsideWorkspaceException.class);
    }

    @Test
    @DisplayName("a symlink to the sibling folder ws-evil is refused, though its path string starts with ws")
    void siblingPrefix() throws IOException {
        Files.createSymbolicLink(workspace.resolve("shared"), sibling);
        var naive = sibling.resolve("secret.ipynb").toRealPath().toString().startsWith(workspace.toRealPath().toString());

        assertThat(naive).as("the string check most code uses lets the sibling through").isTrue();
        assertThatThrownBy(() -> confinement.resolve("shared/secret.ipynb")).isInstanceOf(OutsideWorkspaceException.class);
    }

    @Test
    void aDanglingSymlinkIsRefused() throws IOException {
        Files.createSymbolicLink(workspace.resolve("notebooks/ghost.ipynb"), sandbox.resolve("nowhere.ipynb"));

        assertThatThrownBy(() -> confinement.resolve("notebooks/ghost.ipynb")).isInstanceOf(OutsideWorkspaceException.class);
    }

    @Test
    void aSymlinkThatStaysInsideWorks() throws IOException {
        Files.createSymbolicLink(workspace.resolve("lessons"), workspace.resolve("notebooks"));

        assertThat(confinement.resolve("lessons/a.ipynb")).isEqualTo(workspace.toRealPath().resolve("notebooks/a.ipynb"));
    }

    @ParameterizedTest(name = "{0} is an honest path")
    @ValueSource(strings = {"", "notebooks", "notebooks/06-path-traversal.ipynb", "notebooks/new one.ipynb",
        "notebooks//double.ipynb", "notebooks/naïve.ipynb", "notebooks/a..b.ipynb"})
    void honestPathsResolveInside(String honest) {
        assertThat(confinement.resolve(honest).startsWith(confinement.root())).isTrue();
    }
}
