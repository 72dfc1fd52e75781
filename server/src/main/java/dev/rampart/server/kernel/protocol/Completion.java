package dev.rampart.server.kernel.protocol;

import java.util.Objects;

/**
 * One completion suggestion.
 *
 * @param text      what replaces the text between the reply's cursor start and end
 * @param signature the member's signature when the kernel could work it out cheaply
 *                  ({@code String String.substring(int beginIndex)}), else empty
 */
public record Completion(String text, String signature) {
    public Completion {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(signature, "signature");
    }
}
