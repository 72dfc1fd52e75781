package dev.rampart.kata.deserialization;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A shopper's cart between visits.
 *
 * @param customer who the cart belongs to (a guest's is "guest")
 * @param lines    the articles, in the order they were added
 * @param extras   what the checkout picked up on the way, by name: a coupon code ({@code String}),
 *                 gift wrap ({@code Boolean}), loyalty points ({@code Integer} or {@code Long}),
 *                 store credit ({@code BigDecimal}), a {@link GiftNote}, tags (a list of strings)
 */
public record Cart(String customer, List<CartLine> lines, Map<String, Object> extras) implements Serializable {

    public Cart {
        lines = new ArrayList<>(lines);
        extras = new HashMap<>(extras);
    }
}
