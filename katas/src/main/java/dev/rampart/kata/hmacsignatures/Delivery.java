package dev.rampart.kata.hmacsignatures;

/**
 * One webhook delivery the receiver accepted.
 *
 * @param eventId the event's {@code id}, the same on every retry of one event
 * @param type    the event's {@code type}, such as {@code payment.succeeded}
 * @param body    the request body as it arrived, kept for the workers that process it
 */
public record Delivery(String eventId, String type, String body) {
}
