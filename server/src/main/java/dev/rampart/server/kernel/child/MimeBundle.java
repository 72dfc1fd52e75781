package dev.rampart.server.kernel.child;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Rich output for a notebook cell: one rendering per MIME type ({@code text/plain} always,
 * {@code text/html} and {@code text/markdown} when there is one). Make one with the helpers in
 * {@link Display}; when it is the value of a cell's last expression, the notebook shows its
 * richest rendering, and {@link #show()} shows it at once, mid-cell.
 *
 * <p>Printing it ({@code System.out.println(bundle)}) gives the plain text only.
 */
public record MimeBundle(Map<String, String> data) {

    public static final String PLAIN = "text/plain";
    public static final String HTML = "text/html";
    public static final String MARKDOWN = "text/markdown";

    public MimeBundle {
        data = Map.copyOf(data);
        if (!data.containsKey(PLAIN)) {
            throw new IllegalArgumentException("A MIME bundle needs a text/plain rendering");
        }
    }

    static MimeBundle of(String plain, String mime, String rendering) {
        var data = new LinkedHashMap<String, String>();
        data.put(PLAIN, Objects.requireNonNull(plain));
        data.put(mime, Objects.requireNonNull(rendering));
        return new MimeBundle(data);
    }

    /** Shows this bundle now, as its own output, and returns it. */
    public MimeBundle show() {
        Display.publish(this);
        return this;
    }

    public String plainText() {
        return data.get(PLAIN);
    }

    /**
     * The plain text. The kernel also learns here that this bundle is the value JShell is
     * rendering, which is how a bundle left as a cell's last expression is shown richly.
     */
    @Override
    public String toString() {
        Display.rendering(this);
        return plainText();
    }
}
