package dev.rampart.kata.fileuploads;

/** The upload was refused; the message says why, in words the uploader can act on. */
public final class UploadRejected extends Exception {

    private static final long serialVersionUID = 1L;

    public UploadRejected(String message) {
        super(message);
    }
}
