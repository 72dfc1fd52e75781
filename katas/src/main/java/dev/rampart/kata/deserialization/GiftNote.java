package dev.rampart.kata.deserialization;

import java.io.Serializable;

/** The card that goes into a gift-wrapped parcel. */
public record GiftNote(String to, String message) implements Serializable {
}
