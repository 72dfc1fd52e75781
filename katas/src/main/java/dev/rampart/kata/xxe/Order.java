package dev.rampart.kata.xxe;

import java.util.List;

/**
 * One purchase order as a partner sends it: who ordered, and how many of each article.
 *
 * @param id       the partner's order number
 * @param customer the customer's name, as printed on the packing slip
 * @param lines    the articles ordered, in the document's order
 */
public record Order(String id, String customer, List<Line> lines) {

    public Order {
        lines = List.copyOf(lines);
    }

    /**
     * @param sku      the article number
     * @param quantity how many
     */
    public record Line(String sku, int quantity) {
    }
}
