package dev.rampart.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading a notebook as a lesson: what each cell is, and what breaks the convention. */
class LessonTest {

    @Test
    void eachCellIsReadForWhatItIs() {
        var lesson = Lesson.read(NotebookJson.read("""
                {"metadata": {"rampart": {"kata": "path-traversal"}}, "nbformat": 4, "nbformat_minor": 5, "cells": [
                  {"cell_type": "markdown", "id": "why", "metadata": {}, "source": ["# Why\\n", "it matters"]},
                  {"cell_type": "code", "id": "src", "metadata": {"rampart": {"file": "FileServer.java"}}, "source": [], "outputs": [], "execution_count": null},
                  {"cell_type": "code", "id": "try", "metadata": {"tags": []}, "source": "1 + 1", "outputs": [], "execution_count": null},
                  {"cell_type": "code", "id": "run", "metadata": {"rampart": {"action": "attacks"}}, "source": [], "outputs": [], "execution_count": null},
                  {"cell_type": "raw", "id": "raw", "metadata": {}, "source": "plain"}
                ]}
                """));

        assertThat(lesson.kata()).isEqualTo("path-traversal");
        assertThat(lesson.cells()).containsExactly(
                new Lesson.Text(1, "why", "# Why\nit matters"),
                new Lesson.BoundSource(2, "src", "FileServer.java"),
                new Lesson.Code(3, "try", "1 + 1"),
                new Lesson.RunAttacks(4, "run"),
                new Lesson.Text(5, "raw", "plain"));
        assertThat(lesson.boundSources()).extracting(Lesson.BoundSource::file).containsExactly("FileServer.java");
        assertThat(lesson.cells().get(2).describe()).isEqualTo("cell 3 (try)");
    }

    @Test
    void aNotebookWithoutAKataIsNoLesson() {
        var scratch = NotebookJson.read("{\"metadata\": {\"kernelspec\": {\"name\": \"java\"}}, \"cells\": []}");

        assertThat(Lesson.isLesson(scratch)).isFalse();
        assertThatThrownBy(() -> Lesson.read(scratch))
                .isInstanceOf(InvalidLessonException.class)
                .hasMessageContaining("metadata.rampart.kata must name a kata");
    }

    @Test
    void everyBrokenCellIsReportedAtOnce() {
        var notebook = NotebookJson.read("""
                {"metadata": {"rampart": {"kata": "path-traversal"}}, "cells": [
                  {"cell_type": "code", "id": "a", "metadata": {"rampart": {"file": "../../etc/passwd"}}, "source": []},
                  {"cell_type": "code", "id": "b", "metadata": {"rampart": {"action": "solve"}}, "source": []},
                  {"cell_type": "code", "id": "c", "metadata": {"rampart": {"file": "A.java", "action": "attacks"}}, "source": []},
                  {"cell_type": "code", "id": "d", "metadata": {"rampart": "attacks"}, "source": []}
                ]}
                """);

        assertThatThrownBy(() -> Lesson.read(notebook))
                .isInstanceOfSatisfying(InvalidLessonException.class, e -> assertThat(e.problems()).containsExactly(
                        "cell 1 (a): metadata.rampart.file must be a Java file name in the kata's package, like \"FileServer.java\"",
                        "cell 2 (b): metadata.rampart.action \"solve\" is not one Rampart knows; the only action is \"attacks\"",
                        "cell 3 (c): metadata.rampart needs exactly one of \"file\" (a bound source cell) or \"action\" (\"attacks\")",
                        "cell 4 (d): metadata.rampart must be an object, like {\"file\": \"FileServer.java\"} or {\"action\": \"attacks\"}"));
    }
}
