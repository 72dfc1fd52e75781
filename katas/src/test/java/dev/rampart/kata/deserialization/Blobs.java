package dev.rampart.kata.deserialization;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds the attacker's session blobs from the suite's own classes with a plain
 * {@link ObjectOutputStream}, and, for the array bombs, changes one declared length in the bytes,
 * as a forged blob would. Nothing here comes from a real gadget chain.
 */
final class Blobs {

    /** The length every array bomb is written with, then replaced in the bytes. */
    private static final int MARKER_LENGTH = 4321;

    private Blobs() {
    }

    static byte[] serialize(Object object) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An ordinary-looking cart whose extras hold {@code value} under {@code name}. */
    static Cart cartWith(String name, Object value) {
        return new Cart("guest", List.of(new CartLine("HAM-16", 1, new java.math.BigDecimal("12.50"))),
                Map.of("coupon", "XMAS10", name, value));
    }

    /** A blob where the {@link Gadgets.SpoolFile} that writes {@code marker} sits at {@code placement}. */
    static byte[] gadget(String placement, Path marker) {
        var spool = new Gadgets.SpoolFile(marker, "written while the cart was restored");
        Object blob = switch (placement) {
            case "top" -> spool;
            case "extras-value" -> cartWith("wishlist", spool);
            case "extras-key" -> cartWithKey(spool);
            case "lines-element" -> cartWithLine(spool);
            case "nested-lists" -> cartWith("tags", new ArrayList<>(List.of("gift",
                    new ArrayList<>(List.of(new ArrayList<>(List.of(spool)))))));
            case "priority-queue" -> {
                var queue = new PriorityQueue<Object>(new Gadgets.SpoolingComparator(marker));
                queue.add("gift");
                queue.add("wrap");
                yield cartWith("tags", queue);
            }
            default -> throw new IllegalArgumentException("Unknown placement " + placement);
        };
        byte[] bytes = serialize(blob);
        try {
            // Building the queue compared its elements already; only reading it back counts.
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    private static Cart cartWithKey(Object key) {
        // A Cart copies its extras into a HashMap<String, Object>; generics are gone at run time,
        // so a forged blob's map can hold any key.
        var cart = new Cart("guest", List.of(), Map.of());
        @SuppressWarnings("unchecked")
        var extras = (Map<Object, Object>) (Map<?, ?>) cart.extras();
        extras.put(key, "gift");
        return cart;
    }

    private static Cart cartWithLine(Object element) {
        var cart = new Cart("guest", List.of(new CartLine("HAM-16", 1, new java.math.BigDecimal("12.50"))), Map.of());
        @SuppressWarnings("unchecked")
        var lines = (List<Object>) (List<?>) cart.lines();
        lines.add(element);
        return cart;
    }

    /**
     * A cart whose extras nest {@code depth} containers of {@code kind} ("ArrayList" or "HashMap").
     * Written on a thread with a large stack: writing, like reading, recurses once per level.
     */
    static byte[] nested(String kind, int depth) {
        var result = new AtomicReference<byte[]>();
        var failure = new AtomicReference<Throwable>();
        var writer = new Thread(null, () -> {
            try {
                Object inner = "bottom";
                for (int i = 0; i < depth; i++) {
                    inner = switch (kind) {
                        case "ArrayList" -> new ArrayList<>(List.of(inner));
                        case "HashMap" -> new HashMap<>(Map.of("level", inner));
                        default -> throw new IllegalArgumentException("Unknown container " + kind);
                    };
                }
                result.set(serialize(cartWith("tags", inner)));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "deep-writer", 1L << 30);
        writer.start();
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Could not write the nested blob", failure.get());
        }
        return result.get();
    }

    /**
     * A cart whose extras hold an array ("long[]", "byte[]", "Object[]") or an ArrayList whose
     * declared length is {@code length}; the blob ends a few bytes after the length, so nothing
     * but the declared length is big.
     */
    static byte[] arrayBomb(String kind, int length) {
        Serializable small = switch (kind) {
            case "long[]" -> new long[MARKER_LENGTH];
            case "byte[]" -> new byte[MARKER_LENGTH];
            case "Object[]" -> new Object[MARKER_LENGTH];
            case "ArrayList" -> new ArrayList<>(java.util.Collections.nCopies(MARKER_LENGTH, "x"));
            default -> throw new IllegalArgumentException("Unknown array kind " + kind);
        };
        byte[] honest = serialize(new Cart("guest", List.of(), Map.of("blob", small)));
        // TC_ENDBLOCKDATA, TC_NULL (no serializable superclass), then the length: an array's, or
        // the ArrayList's size field.
        byte[] pattern = ByteBuffer.allocate(6).put((byte) 0x78).put((byte) 0x70).putInt(MARKER_LENGTH).array();
        int at = indexOf(honest, pattern);
        if (at < 0) {
            throw new IllegalStateException("No declared length " + MARKER_LENGTH + " in the blob for " + kind);
        }
        byte[] forged = Arrays.copyOf(honest, at + pattern.length + 16);
        ByteBuffer.wrap(forged, at + 2, 4).putInt(length);
        return forged;
    }

    /**
     * Maps (or sets) keyed by each other, {@code depth} levels down (SerialDOS): reading hashes
     * each level twice over, 2^depth hashes in all, for a blob of a few kilobytes. Only the
     * containers and strings are in it: every class a cart is allowed to hold.
     */
    static byte[] hashBomb(String kind, int depth) {
        Collection<Object> root = container(kind);
        Collection<Object> left = root;
        Collection<Object> right = container(kind);
        for (int i = 0; i < depth; i++) {
            Collection<Object> nextLeft = container(kind);
            Collection<Object> nextRight = container(kind);
            nextLeft.add("level " + i);
            left.add(nextLeft);
            left.add(nextRight);
            right.add(nextLeft);
            right.add(nextRight);
            left = nextLeft;
            right = nextRight;
        }
        Object top = root instanceof KeySet keys ? keys.map : root;
        return serialize(cartWith("tags", top));
    }

    private static Collection<Object> container(String kind) {
        return switch (kind) {
            case "HashSet" -> new HashSet<>();
            case "HashMap" -> new KeySet();
            default -> throw new IllegalArgumentException("Unknown container " + kind);
        };
    }

    /** The keys of a HashMap, added to as a set: the bomb's levels as maps rather than sets. */
    private static final class KeySet extends java.util.AbstractCollection<Object> {

        final HashMap<Object, Object> map = new HashMap<>();

        @Override
        public boolean add(Object element) {
            Object key = element instanceof KeySet keys ? keys.map : element;
            return map.put(key, "") == null;
        }

        @Override
        public java.util.Iterator<Object> iterator() {
            return map.keySet().iterator();
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
