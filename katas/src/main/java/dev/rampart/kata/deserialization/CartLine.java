package dev.rampart.kata.deserialization;

import java.io.Serializable;
import java.math.BigDecimal;

/** One article of a cart: how many, at what price each. */
public record CartLine(String sku, int quantity, BigDecimal unitPrice) implements Serializable {
}
