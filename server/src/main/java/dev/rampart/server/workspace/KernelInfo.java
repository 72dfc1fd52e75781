package dev.rampart.server.workspace;

import java.time.Instant;

/**
 * A kernel as the API shows it (Jupyter's kernel model).
 *
 * @param id             opaque id
 * @param name           kernelspec name ({@code java})
 * @param lastActivity   when it last did something
 * @param executionState {@code starting}, {@code idle}, {@code busy}, {@code restarting} or {@code dead}
 * @param connections    WebSocket channels attached
 */
public record KernelInfo(String id, String name, Instant lastActivity, String executionState, int connections) {
}
