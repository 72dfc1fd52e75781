package dev.rampart.server.notebook;

/** What a workspace entry is, in the contents API's terms. */
public enum EntryType {
    DIRECTORY, NOTEBOOK, FILE
}
