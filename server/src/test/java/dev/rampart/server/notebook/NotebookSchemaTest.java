package dev.rampart.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NotebookSchemaTest {

    private final NotebookSchema schema = NotebookSchema.load();

    @Test
    void theVendoredSchemaIsTheOfficialFileUnchanged() throws IOException {
        try (var in = NotebookSchema.class.getResourceAsStream(NotebookSchema.RESOURCE)) {
            assertThat(Versions.of(in.readAllBytes()))
                    .as("nbformat.v4.5.schema.json must stay the file of the nbformat 5.11.1 release (see its README)")
                    .isEqualTo("523e3578ddbfcad52933d2423dc5951114ef73f48df180b6a601498ba5ca071a");
        }
    }

    @Test
    void notebooksWrittenByJupyterAreValid() throws IOException {
        assertThat(schema.problems(new String(NotebookJsonTest.fixture("jupyter-written.ipynb"), StandardCharsets.UTF_8))).isEmpty();
        assertThat(schema.problems(NotebookJson.compact(NotebookStore.emptyNotebook()))).isEmpty();
    }

    @Test
    void aCellWithoutAnIdIsNotNbformat45() throws IOException {
        var notebook = NotebookJson.read(NotebookJsonTest.fixture("small.ipynb"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) notebook.at("/cells/0")).remove("id");

        assertThat(schema.problems(NotebookJson.compact(notebook))).isNotEmpty();
    }

    @Test
    void anUnknownTopLevelFieldIsRefusedAsTheSchemaSays() throws IOException {
        var notebook = (com.fasterxml.jackson.databind.node.ObjectNode) NotebookJson.read(NotebookJsonTest.fixture("small.ipynb"));
        notebook.put("extra", 1);

        assertThatThrownBy(() -> schema.check(NotebookJson.compact(notebook)))
                .isInstanceOf(InvalidNotebookException.class);
    }

    @Test
    void anOlderMinorVersionIsRefused() throws IOException {
        var notebook = (com.fasterxml.jackson.databind.node.ObjectNode) NotebookJson.read(NotebookJsonTest.fixture("small.ipynb"));
        notebook.put("nbformat_minor", 4);

        assertThat(schema.problems(NotebookJson.compact(notebook))).isNotEmpty();
    }
}
