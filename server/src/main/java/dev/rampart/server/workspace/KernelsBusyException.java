package dev.rampart.server.workspace;

/** Every kernel the limits allow is taken: one will be free when someone shuts theirs down or it idles out. */
public class KernelsBusyException extends KernelUnavailableException {

    private static final long serialVersionUID = 1L;

    public KernelsBusyException(String message) {
        super(message);
    }
}
