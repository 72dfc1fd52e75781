package dev.rampart.kata.errorhandling;

import org.slf4j.LoggerFactory;

/** Where failed requests are written down in full, for the people who run the service. */
public interface ErrorLog {

    /**
     * Records a failure.
     *
     * @param correlationId the reference the client was given, to find this entry again
     * @param request       method and path of the request that failed
     * @param error         what went wrong, with its stack trace
     */
    void error(String correlationId, String request, Throwable error);

    /** The production log: SLF4J, logger {@code dev.rampart.kata.errorhandling}. */
    static ErrorLog slf4j() {
        var log = LoggerFactory.getLogger("dev.rampart.kata.errorhandling");
        return (correlationId, request, error) -> log.error("[{}] {} failed", correlationId, request, error);
    }
}
