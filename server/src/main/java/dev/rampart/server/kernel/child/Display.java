package dev.rampart.server.kernel.child;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Rich output helpers, imported into every cell ({@code import static ...Display.*}):
 *
 * <pre>{@code
 * html("<b>bold</b>")                     // an HTML rendering
 * markdown("| a | b |\n|---|---|\n| 1 | 2 |")
 * table(List.of(new Row("alice", 3)))     // records, maps or lists as a table
 * display(anything)                       // the best of the above for a value
 * display(rows).show();                   // show now instead of as the cell's value
 * }</pre>
 *
 * <p>The notebook renders HTML from cells in a sandbox: a cell's HTML is the learner's own
 * output, never trusted by the page.
 */
public final class Display {

    private static final AtomicReference<MimeBundle> RENDERING = new AtomicReference<>();
    private static volatile Consumer<MimeBundle> publisher = bundle -> { };
    private static final int MAX_ROWS = 1000;

    private Display() {
    }

    /** HTML, shown as such; the plain rendering is the markup itself. */
    public static MimeBundle html(String html) {
        return MimeBundle.of(html, MimeBundle.HTML, html);
    }

    /** Markdown, shown formatted; the plain rendering is the source. */
    public static MimeBundle markdown(String markdown) {
        return MimeBundle.of(markdown, MimeBundle.MARKDOWN, markdown);
    }

    /**
     * A table of rows: records (one column per component), maps (one per key) or anything else
     * (one column, its {@code toString}). Rendered as HTML, Markdown and aligned plain text.
     * Shows the first 1000 rows.
     */
    public static MimeBundle table(Collection<?> rows) {
        var columns = new ArrayList<String>();
        var cells = new ArrayList<List<String>>();
        int shown = 0;
        for (var row : rows) {
            if (shown++ == MAX_ROWS) {
                break;
            }
            var values = columnsOf(row);
            values.keySet().stream().filter(c -> !columns.contains(c)).forEach(columns::add);
            cells.add(columns.stream().map(c -> values.getOrDefault(c, "")).toList());
        }
        var padded = cells.stream()
                .map(r -> { var l = new ArrayList<>(r); while (l.size() < columns.size()) l.add(""); return List.copyOf(l); })
                .toList();
        var caption = rows.size() > MAX_ROWS ? Optional.of("first " + MAX_ROWS + " of " + rows.size() + " rows") : Optional.<String>empty();
        var data = new LinkedHashMap<String, String>();
        data.put(MimeBundle.PLAIN, Tables.plain(columns, padded, caption));
        data.put(MimeBundle.HTML, Tables.html(columns, padded, caption));
        data.put(MimeBundle.MARKDOWN, Tables.markdown(columns, padded, caption));
        return new MimeBundle(data);
    }

    /**
     * The richest rendering this helper knows for a value: a bundle stays itself, collections,
     * arrays and maps become tables, anything else its plain text.
     */
    public static MimeBundle display(Object value) {
        if (value instanceof MimeBundle bundle) {
            return bundle;
        }
        if (value instanceof Collection<?> rows) {
            return table(rows);
        }
        if (value instanceof Map<?, ?> map) {
            return table(map.entrySet().stream().map(e -> new Entry(String.valueOf(e.getKey()), e.getValue())).toList());
        }
        if (value != null && value.getClass().isArray()) {
            var list = new ArrayList<Object>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(Array.get(value, i));
            }
            return table(list);
        }
        return new MimeBundle(Map.of(MimeBundle.PLAIN, String.valueOf(value)));
    }

    private record Entry(String key, Object value) {
    }

    private static Map<String, String> columnsOf(Object row) {
        var out = new LinkedHashMap<String, String>();
        if (row instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                out.put(component.getName(), valueOf(record, component));
            }
        } else if (row instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        } else {
            out.put("value", String.valueOf(row));
        }
        return out;
    }

    private static String valueOf(Record record, RecordComponent component) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true); // records declared in a cell are nested in JShell's wrappers
            return String.valueOf(accessor.invoke(record));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "<" + e.getClass().getSimpleName() + ">";
        }
    }

    // ---- kernel side -----------------------------------------------------------------------

    static void publish(MimeBundle bundle) {
        publisher.accept(bundle);
    }

    static void rendering(MimeBundle bundle) {
        RENDERING.set(bundle);
    }

    /** The kernel sends bundles shown with {@link MimeBundle#show()} here. */
    static void publishTo(Consumer<MimeBundle> target) {
        publisher = target;
    }

    /** Forgets the last bundle rendered; call before the snippet whose value may be one. */
    static void clearRendering() {
        RENDERING.set(null);
    }

    /** The bundle JShell rendered as the value {@code text}, if the value was a bundle. */
    static Optional<MimeBundle> renderedAs(String text) {
        var bundle = RENDERING.getAndSet(null);
        return bundle != null && bundle.plainText().equals(text) ? Optional.of(bundle) : Optional.empty();
    }
}
