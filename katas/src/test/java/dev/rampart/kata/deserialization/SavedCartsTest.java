package dev.rampart.kata.deserialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.io.File;
import java.io.InvalidClassException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Attacks on the two ways a cart comes back: {@code restore}, which reads the session store's
 * Java-serialized blob, and {@code fromJson}, which reads the mobile app's JSON with its typed
 * extras. Whoever can write the blob or the JSON chooses the classes the reader instantiates.
 *
 * <p>The blobs are built by the suite from its own classes ({@link Blobs}, {@link Gadgets}):
 * gadgets that write a file in the case's temporary folder when they are read, containers nested
 * thousands deep, declared array lengths of millions, maps keyed by each other. The oracles look
 * at what happened, never at messages: the gadget's file exists or not; the harmless class
 * outside the allowlist was read or not, and the refusal is an {@link InvalidClassException}
 * (the filter's); the bytes the reading thread allocated; whether a bomb was refused.
 * A refusal is an {@link InvalidCartException} (the shopper gets an empty cart); anything else
 * thrown (a {@link StackOverflowError}, an unchecked exception) is a crash and fails the case.
 */
class SavedCartsTest {

    /** What restoring the same blob of an honest cart allocates is well under 1 MB. */
    private static final long ALLOCATION_BOUND_MB = 8;

    private static final String FILTER = "set an ObjectInputFilter on the stream that allows only the classes a cart is "
            + "made of (everything else refused, '!*'), and limits depth, array length, references and bytes";
    private static final String TYPES = "give the mapper a PolymorphicTypeValidator that allows only the types the "
            + "extras really hold (BasicPolymorphicTypeValidator), never LaissezFaire or every subtype of Object";

    @TempDir
    Path tmp;

    private final SavedCarts carts = new SavedCarts();

    @BeforeEach
    void resetCounters() {
        Gadgets.Wishlist.READ.set(0);
    }

    // ---------------------------------------------------------------- Java serialization

    @AttackFamily("a gadget in the session blob runs its readObject while restore reads the cart")
    @PayloadFile("deserialization/gadgets.txt")
    void gadgetInBlob(String placement) {
        Path marker = tmp.resolve("spooled-" + placement + ".txt");
        Outcome outcome = restore(Blobs.gadget(placement, marker));
        assertThat(marker)
                .as("the gadget placed at '%s' ran while the blob was read and wrote %s: the cast to Cart comes after "
                        + "readObject has built every object of the blob; %s", placement, marker.getFileName(), FILTER)
                .doesNotExist();
        assertThat(outcome.refused())
                .as("restore returned %s from a blob holding a gadget at '%s'; %s", outcome.cart(), placement, FILTER)
                .isTrue();
    }

    @AttackFamily("a class no cart holds, harmless or not, is read from the session blob")
    @PayloadFile("deserialization/outside-allowlist.txt")
    void classOutsideAllowlist(String className) {
        Outcome outcome = restore(Blobs.serialize(Blobs.cartWith("wishlist", sample(className))));
        assertThat(Gadgets.Wishlist.READ.get())
                .as("a %s was read %d times from the blob: a class the allowlist does not name must be refused before "
                        + "it is read; %s", className, Gadgets.Wishlist.READ.get(), FILTER)
                .isZero();
        assertThat(outcome.refused())
                .as("restore returned a cart holding a %s; %s", className, FILTER)
                .isTrue();
        assertThat(outcome.refusal())
                .as("the blob holding a %s was refused, but not by the stream's filter (an InvalidClassException "
                        + "naming the class, before it is read); %s", className, FILTER)
                .hasCauseInstanceOf(InvalidClassException.class);
    }

    @AttackFamily("containers nested thousands deep in the session blob are followed to the bottom")
    @PayloadFile("deserialization/depth-bombs.txt")
    void depthBomb(String container, String depth) {
        Outcome outcome = restore(Blobs.nested(container, Integer.parseInt(depth)));
        assertThat(outcome.refused())
                .as("restore read a cart whose extras nest %s %s levels deep: a cart is a handful of levels deep, and "
                        + "every level is a stack frame; %s", depth, container, FILTER)
                .isTrue();
    }

    @AttackFamily("a session blob declares an array of millions of elements and restore allocates it")
    @PayloadFile("deserialization/array-bombs.txt")
    void arrayBomb(String kind, String length) {
        byte[] blob = Blobs.arrayBomb(kind, Integer.parseInt(length));
        restore(Blobs.serialize(Blobs.cartWith("warm-up", "the first read loads the classes")));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Outcome outcome = restore(blob);
        long allocatedMb = (threads.getCurrentThreadAllocatedBytes() - before) / 1_000_000;
        assertThat(allocatedMb)
                .as("restore allocated %d MB for a blob of %d bytes that declares a %s of %s elements: the length is "
                        + "checked only by a filter's maxarray, before the array is made; %s", allocatedMb, blob.length,
                        kind, length, FILTER)
                .isLessThan(ALLOCATION_BOUND_MB);
        assertThat(outcome.refused()).as("restore accepted a cut-off blob").isTrue();
    }

    @AttackFamily("maps keyed by each other make restore hash a million times (SerialDOS)")
    @PayloadFile("deserialization/hash-bombs.txt")
    void hashBomb(String container, String levels) {
        byte[] blob = Blobs.hashBomb(container, Integer.parseInt(levels));
        // The oracle is the answer; the timeout is only a safety net. 20 levels cost a million
        // hashes, about a second; a real bomb of 100 levels would not end in our lifetimes.
        Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> restore(blob),
                "restore was still hashing after a minute");
        assertThat(outcome.refused())
                .as("restore hashed its way through a blob of %d bytes that nests %s %s levels deep, each level "
                        + "keyed by the next twice (2^%s hashes), and returned the cart; with a few more levels it never "
                        + "returns; %s", blob.length, container, levels, levels, FILTER)
                .isTrue();
    }

    // ---------------------------------------------------------------- polymorphic JSON

    @AttackFamily("a type id in the app's JSON names a class whose setters act")
    @PayloadFile("deserialization/json-gadgets.txt")
    void gadgetInJson(String payload) {
        Path marker = tmp.resolve("connected.txt");
        String json = payload.replace("{gadget}", Gadgets.JndiRowSet.class.getName())
                .replace("{marker}", marker.toString().replace("\\", "\\\\"));
        Outcome outcome = fromJson(json);
        assertThat(marker)
                .as("the JSON named %s, and its setters ran and wrote %s; %s", Gadgets.JndiRowSet.class.getSimpleName(),
                        marker.getFileName(), TYPES)
                .doesNotExist();
        assertThat(outcome.refused()).as("fromJson returned %s; %s", outcome.cart(), TYPES).isTrue();
    }

    @AttackFamily("a type id in the app's JSON names a class no cart holds")
    @PayloadFile("deserialization/json-outside-allowlist.txt")
    void classOutsideJsonAllowlist(String json) {
        Outcome outcome = fromJson(json);
        assertThat(Gadgets.Wishlist.READ.get())
                .as("the JSON made a Wishlist, a class no cart holds; %s", TYPES)
                .isZero();
        assertThat(outcome.refused())
                .as("fromJson returned a cart whose extras hold %s; %s",
                        outcome.cart() == null ? "" : describe(outcome.cart().extras()), TYPES)
                .isTrue();
    }

    // ---------------------------------------------------------------- honest use

    @ParameterizedTest(name = "restore gives back {0}")
    @PayloadFile("deserialization/legitimate-carts.txt")
    void savedCartsComeBack(String name, String customer, String lines, String extras) throws InvalidCartException {
        var cart = new Cart(customer, lines(lines), extras(extras));
        assertThat(carts.restore(carts.save(cart)))
                .as("a saved cart must come back equal, extras and their types included")
                .isEqualTo(cart)
                .satisfies(back -> assertThat(describe(back.extras())).isEqualTo(describe(cart.extras())));
    }

    @ParameterizedTest(name = "fromJson gives back {0}")
    @PayloadFile("deserialization/legitimate-carts.txt")
    void jsonCartsComeBack(String name, String customer, String lines, String extras) throws InvalidCartException {
        var cart = new Cart(customer, lines(lines), extras(extras));
        assertThat(carts.fromJson(carts.toJson(cart)))
                .as("a cart synced as JSON must come back equal, extras and their types included")
                .isEqualTo(cart)
                .satisfies(back -> assertThat(describe(back.extras())).isEqualTo(describe(cart.extras())));
    }

    @Test
    void aBigCartComesBack() throws InvalidCartException {
        var lines = new ArrayList<CartLine>();
        for (int i = 0; i < 200; i++) {
            lines.add(new CartLine("SKU-" + i, i + 1, new BigDecimal(i + ".99")));
        }
        var tags = new ArrayList<Object>();
        for (int i = 0; i < 50; i++) {
            tags.add("tag-" + i);
        }
        var cart = new Cart("Grace Hopper", lines, Map.of("tags", tags, "note", new GiftNote("Ada", "x".repeat(2000)),
                "coupon", "BULK", "credit", new BigDecimal("1234567890.12")));
        assertThat(carts.restore(carts.save(cart)))
                .as("a cart of 200 lines and 50 tags is a big cart, not an attack: the limits must leave room for it")
                .isEqualTo(cart);
        assertThat(carts.fromJson(carts.toJson(cart))).isEqualTo(cart);
    }

    @Test
    void theAppsJsonIsRead() throws InvalidCartException {
        var json = """
                {"customer":"Ann O'Neil",
                 "lines":[{"sku":"CANDLE-1","quantity":3,"unitPrice":4.50}],
                 "extras":{"coupon":"XMAS10","giftWrap":true,"loyaltyPoints":120,
                           "credit":["java.math.BigDecimal",5.00],
                           "note":{"@class":"dev.rampart.kata.deserialization.GiftNote","to":"Bob","message":"Hi"},
                           "tags":["java.util.ArrayList",["gift","fragile"]]}}
                """;
        assertThat(carts.fromJson(json)).isEqualTo(new Cart("Ann O'Neil",
                List.of(new CartLine("CANDLE-1", 3, new BigDecimal("4.50"))),
                Map.of("coupon", "XMAS10", "giftWrap", true, "loyaltyPoints", 120, "credit", new BigDecimal("5.00"),
                        "note", new GiftNote("Bob", "Hi"), "tags", List.of("gift", "fragile"))));
    }

    @Test
    void somethingElseThanACartIsRefused() {
        assertThatThrownBy(() -> carts.restore(Blobs.serialize("not a cart")))
                .as("a blob holding a String is not a cart")
                .isInstanceOf(InvalidCartException.class);
        assertThatThrownBy(() -> carts.restore(Blobs.serialize(new ArrayList<>(List.of("HAM-16")))))
                .as("a blob holding a list is not a cart")
                .isInstanceOf(InvalidCartException.class);
    }

    @Test
    void aDamagedBlobIsRefused() {
        byte[] blob = carts.save(Blobs.cartWith("giftWrap", true));
        assertThatThrownBy(() -> carts.restore(Arrays.copyOf(blob, blob.length / 2)))
                .as("a blob cut in half is refused, not answered with a crash")
                .isInstanceOf(InvalidCartException.class);
        assertThatThrownBy(() -> carts.restore(new byte[] {1, 2, 3}))
                .isInstanceOf(InvalidCartException.class);
    }

    @Test
    void malformedJsonIsRefused() {
        for (var json : List.of("{\"customer\":", "[]", "{\"customer\":\"x\",\"lines\":[],\"extras\":{\"n\":{}}}")) {
            assertThatThrownBy(() -> carts.fromJson(json))
                    .as("%s is not a cart", json)
                    .isInstanceOf(InvalidCartException.class);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** What the shopper gets: a cart, or a refusal; a crash fails the case. */
    private record Outcome(Cart cart, InvalidCartException refusal) {

        boolean refused() {
            return refusal != null;
        }
    }

    private Outcome restore(byte[] blob) {
        return read("restore", blob.length, () -> carts.restore(blob));
    }

    private Outcome fromJson(String json) {
        return read("fromJson", json.length(), () -> carts.fromJson(json));
    }

    private interface Read {
        Cart run() throws InvalidCartException;
    }

    private static Outcome read(String method, int size, Read read) {
        try {
            return new Outcome(read.run(), null);
        } catch (InvalidCartException refused) {
            return new Outcome(null, refused);
        } catch (StackOverflowError overflow) {
            return fail("%s overflowed the stack on an input of %d bytes: its nesting was followed level by level; %s"
                    .formatted(method, size, FILTER));
        } catch (RuntimeException crash) {
            return fail("%s crashed with %s (%s): refuse an unreadable cart with InvalidCartException"
                    .formatted(method, crash.getClass().getSimpleName(), crash.getMessage()), crash);
        }
    }

    /** A sample of a class outside the allowlist, with a harmless value. */
    private static Serializable sample(String className) {
        Map<String, Function<String, Serializable>> samples = Map.of(
                Gadgets.Wishlist.class.getName(), n -> new Gadgets.Wishlist(List.of("HAM-16")),
                "java.io.File", n -> new File("/etc/hostname"),
                "java.util.Date", n -> new Date(0),
                "java.net.URI", n -> URI.create("http://127.0.0.1/"),
                "java.util.UUID", n -> new UUID(1, 2),
                "java.util.LinkedList", n -> new LinkedList<>(List.of("HAM-16")),
                "java.util.TreeMap", n -> new TreeMap<>(Map.of("HAM-16", 1)));
        var sample = samples.get(className);
        if (sample == null) {
            throw new IllegalArgumentException("No sample for " + className + ": add one to SavedCartsTest#sample");
        }
        return sample.apply(className);
    }

    /** "HAM-16:2:12.50,NAIL-50:100:0.05" as cart lines. */
    private static List<CartLine> lines(String lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(lines.split(","))
                .map(line -> line.split(":"))
                .map(parts -> new CartLine(parts[0], Integer.parseInt(parts[1]), new BigDecimal(parts[2])))
                .toList();
    }

    /**
     * "coupon=XMAS10;giftWrap=true;points=120;big=5000000000L;credit=5.00;note=note(Bob|Hi);tags=tags(a|b)":
     * a String, a Boolean, an Integer, a Long, a BigDecimal, a GiftNote, a list of strings.
     */
    private static Map<String, Object> extras(String extras) {
        var map = new HashMap<String, Object>();
        if (extras.isEmpty()) {
            return map;
        }
        for (var entry : extras.split(";")) {
            var name = entry.substring(0, entry.indexOf('='));
            var value = entry.substring(entry.indexOf('=') + 1);
            map.put(name, value(value));
        }
        return map;
    }

    private static Object value(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        } else if (value.matches("\\d+")) {
            return Integer.valueOf(value);
        } else if (value.matches("\\d+L")) {
            return Long.valueOf(value.substring(0, value.length() - 1));
        } else if (value.matches("\\d+\\.\\d+")) {
            return new BigDecimal(value);
        } else if (value.startsWith("note(")) {
            var parts = value.substring(5, value.length() - 1).split("\\|");
            return new GiftNote(parts[0], parts[1]);
        } else if (value.startsWith("tags(")) {
            return new ArrayList<>(List.of(value.substring(5, value.length() - 1).split("\\|")));
        }
        return value;
    }

    /** Each extra with the class of its value, so a BigDecimal that came back a Double shows. */
    private static String describe(Map<String, Object> extras) {
        var described = new TreeMap<String, String>();
        extras.forEach((name, value) -> described.put(String.valueOf(name),
                value == null ? "null" : value.getClass().getName() + ":" + value));
        return described.toString();
    }
}
