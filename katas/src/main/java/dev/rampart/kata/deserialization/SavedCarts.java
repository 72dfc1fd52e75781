package dev.rampart.kata.deserialization;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectMapper.DefaultTyping;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

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

    private final ObjectMapper json = JsonMapper.builder()
            .activateDefaultTypingAsProperty(LaissezFaireSubTypeValidator.instance, DefaultTyping.JAVA_LANG_OBJECT, "@class")
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
            return (Cart) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
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
