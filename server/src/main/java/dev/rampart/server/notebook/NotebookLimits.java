package dev.rampart.server.notebook;

/**
 * Size limits that keep a runaway cell from filling the disk or the browser.
 *
 * @param maxNotebookBytes the largest notebook file, as written
 * @param maxOutputBytes   the largest single cell output
 */
public record NotebookLimits(long maxNotebookBytes, long maxOutputBytes) {

    /** 10 MiB per notebook, 2 MiB per output. */
    public static NotebookLimits standard() {
        return new NotebookLimits(10L << 20, 2L << 20);
    }
}
