package dev.rampart.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotebookJsonTest {

    static byte[] fixture(String name) throws IOException {
        try (var in = NotebookJsonTest.class.getResourceAsStream("/notebooks/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aNotebookWrittenByJupyterIsWrittenBackByteForByte() throws IOException {
        var jupyter = fixture("jupyter-written.ipynb");

        var rewritten = NotebookJson.writeBytes(NotebookJson.read(jupyter));

        assertThat(new String(rewritten, StandardCharsets.UTF_8))
                .as("Rampart must write what nbformat writes, so Jupyter and Rampart saves do not fight in diffs")
                .isEqualTo(new String(jupyter, StandardCharsets.UTF_8));
        assertThat(rewritten).isEqualTo(jupyter);
    }

    @Test
    void fieldsRampartDoesNotKnowAreKept() throws IOException {
        var notebook = NotebookJson.read(fixture("jupyter-written.ipynb"));

        assertThat(notebook.at("/metadata/x-unknown-tool/Émile").asText()).isEqualTo("naïve ünïcödé ✓ 😀");
        assertThat(notebook.at("/cells/1/metadata/unknown/b").asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} is written as Python writes it: {1}")
    @CsvSource({"0.5, 0.5", "0.00001, 1e-05", "1e16, 1e+16", "1e15, 1000000000000000.0", "123.456, 123.456",
        "1.0, 1.0", "1e22, 1e+22", "-2.5, -2.5", "0.0001, 0.0001", "0, 0.0", "1.5e-7, 1.5e-07", "2.5e300, 2.5e+300"})
    void floatsFollowPythonsRepr(double value, String python) {
        assertThat(NotebookJson.pythonFloat(value)).isEqualTo(python);
    }

    @Test
    void duplicateKeysAreRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> NotebookJson.read("{\"cells\": [], \"cells\": [1]}"))
                .isInstanceOf(InvalidNotebookException.class);
    }

    @Test
    void malformedJsonIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> NotebookJson.read("{\"cells\": ["))
                .isInstanceOf(InvalidNotebookException.class)
                .hasMessageContaining("line 1");
    }
}
