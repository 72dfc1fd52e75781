package dev.rampart.server.notebook;

import java.util.List;

/** A notebook that is not valid nbformat 4.5, with the schema's complaints (about the document, never the server). */
public final class InvalidNotebookException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidNotebookException(List<String> problems) {
        super("Not a valid nbformat 4.5 notebook: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
