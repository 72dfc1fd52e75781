package dev.rampart.kata.deserialization;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectMapper.DefaultTyping;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * Keeps shoppers' carts between visits. The web shop saves a cart in the session store as a
 * Java-serialized blob and restores it on the shopper's next request; the mobile app syncs the
 * same cart as JSON. Both come back from places a client can write to: a session blob can be
 * replayed or forged, and the app sends whatever JSON it likes.
 *
 * <p>A cart's extras are typed by their values (a coupon code, a gift note, store credit...), so
 * in JSON every value of declared type {@code Object} carries its class in an {@code "@class"}
 * property (or, for scalars and lists, a {@code [class, value]} pair), and a gift note comes back
 * as a {@link GiftNote}, not as a map.
 */
public final class SavedCarts {

    /**
     * What a saved cart is made of, and nothing else ({@code !*}). ObjectInputStream builds every
     * object of a blob before the caller sees the first one, so the classes are checked as the
     * stream names them, nested ones included, before any is instantiated. {@code java.lang.Object}
     * lets through only {@code Object[]}, which ArrayList and HashMap check their backing arrays as
     * (an Object is not serializable); {@code Map$Entry} is HashMap's table.
     *
     * <p>The limits bound what allowed classes can still do: an honest cart is at most seven levels
     * deep (cart, list, line, price, its digits), its largest array is its lines, and a few
     * thousand objects make a very big cart. A bomb nests thousands of lists, declares an array of
     * millions, or hashes maps keyed by each other 2^depth times; each limit refuses it before the
     * work is done.
     */
    static final ObjectInputFilter CART_CLASSES = ObjectInputFilter.Config.createFilter(String.join(";",
            "maxdepth=10", "maxarray=5000", "maxrefs=20000", "maxbytes=1000000",
            Cart.class.getName(), CartLine.class.getName(), GiftNote.class.getName(),
            ArrayList.class.getName(), HashMap.class.getName(), "java.util.Map$Entry", "java.lang.Object",
            String.class.getName(), Boolean.class.getName(), Integer.class.getName(), Long.class.getName(),
            Number.class.getName(), BigDecimal.class.getName(), BigInteger.class.getName(),
            "!*"));

    /**
     * The types an extra may hold in JSON, by exact class: only these may be named by a type id.
     * String, Boolean and Integer need no entry (JSON's own types carry no type id).
     */
    private static final PolymorphicTypeValidator EXTRA_TYPES = BasicPolymorphicTypeValidator.builder()
            .allowIfSubType(GiftNote.class)
            .allowIfSubType(BigDecimal.class)
            .allowIfSubType(Long.class)
            .allowIfSubType(ArrayList.class)
            .build();

    private final ObjectMapper json = JsonMapper.builder()
            .activateDefaultTypingAsProperty(EXTRA_TYPES, DefaultTyping.JAVA_LANG_OBJECT, "@class")
            .build();

    /** The session-store blob for a cart. */
    public byte[] save(Cart cart) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(cart);
        } catch (IOException e) {
            throw new UncheckedIOException("A cart holds something that cannot be saved", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The cart a session-store blob holds.
     *
     * @throws InvalidCartException if the blob is not a saved cart
     */
    public Cart restore(byte[] saved) throws InvalidCartException {
        try (var in = new ObjectInputStream(new ByteArrayInputStream(saved))) {
            // Per stream, not JVM-wide: the filter applies to these blobs only, and a filter
            // factory set for the whole JVM (jdk.serialFilterFactory) still gets to combine it.
            in.setObjectInputFilter(CART_CLASSES);
            return (Cart) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            // An InvalidClassException (an IOException) is the filter's refusal.
            throw new InvalidCartException("The saved cart cannot be restored", e);
        }
    }

    /** The JSON the mobile app syncs. */
    public String toJson(Cart cart) {
        try {
            return json.writeValueAsString(cart);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A cart holds something that cannot be written as JSON", e);
        }
    }

    /**
     * The cart the mobile app sent.
     *
     * @throws InvalidCartException if the JSON is not a cart
     */
    public Cart fromJson(String cart) throws InvalidCartException {
        try {
            return json.readValue(cart, Cart.class);
        } catch (JsonProcessingException e) {
            throw new InvalidCartException("The cart sent is not readable", e);
        }
    }
}
