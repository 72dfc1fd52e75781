package dev.rampart.server.notebook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads notebooks, and writes them byte for byte as Jupyter does.
 *
 * <p>nbformat writes {@code json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "),
 * ensure_ascii=False)} plus a newline. Writing the same way means a notebook saved by Jupyter
 * and re-saved here differs only where its content changed, so diffs stay small and reviews
 * honest. Reading keeps every field, known or not (the tree is kept as Jackson nodes), and
 * refuses duplicate keys, which different parsers would resolve differently.
 */
public final class NotebookJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        var left = a.codePoints().iterator();
        var right = b.codePoints().iterator();
        while (left.hasNext() && right.hasNext()) {
            var diff = Integer.compare(left.nextInt(), right.nextInt());
            if (diff != 0) {
                return diff;
            }
        }
        return Boolean.compare(left.hasNext(), right.hasNext());
    };

    private NotebookJson() {
    }

    /** Parses JSON text into a tree that keeps every field; malformed or duplicate-keyed JSON is refused. */
    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidNotebookException(List.of("not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    public static JsonNode read(byte[] utf8) {
        return read(new String(utf8, StandardCharsets.UTF_8));
    }

    /** The tree as nbformat would write it, with the trailing newline. */
    public static String write(JsonNode node) {
        var out = new StringBuilder();
        write(node, 0, out);
        return out.append('\n').toString();
    }

    public static byte[] writeBytes(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8);
    }

    /** Compact JSON, for sizes and wire messages. */
    public static String compact(JsonNode node) {
        return node.toString();
    }

    private static void write(JsonNode node, int depth, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, depth, out);
            case ARRAY -> writeArray(node, depth, out);
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> out.append(node.isFloatingPointNumber() ? pythonFloat(node.doubleValue()) : node.bigIntegerValue().toString());
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("A notebook holds only JSON values, not " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, int depth, StringBuilder out) {
        if (node.isEmpty()) {
            out.append("{}");
            return;
        }
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(CODE_POINT_ORDER);
        out.append('{');
        for (var i = 0; i < names.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n");
            indent(depth + 1, out);
            writeString(names.get(i), out);
            out.append(": ");
            write(node.get(names.get(i)), depth + 1, out);
        }
        out.append('\n');
        indent(depth, out);
        out.append('}');
    }

    private static void writeArray(JsonNode node, int depth, StringBuilder out) {
        if (node.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (var i = 0; i < node.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n");
            indent(depth + 1, out);
            write(node.get(i), depth + 1, out);
        }
        out.append('\n');
        indent(depth, out);
        out.append(']');
    }

    private static void indent(int depth, StringBuilder out) {
        out.append(" ".repeat(depth));
    }

    /** Python's escaping with {@code ensure_ascii=False}: quotes, backslash and C0 controls only. */
    private static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (var i = 0; i < value.length(); i++) {
            var c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Python's {@code repr(float)}: shortest digits, exponent form below 1e-4 or from 1e16 on. */
    static String pythonFloat(double value) {
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        var decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        var digits = decimal.unscaledValue().toString();
        var pointAt = digits.length() - decimal.scale();
        var sign = value < 0 ? "-" : "";
        if (pointAt <= -4 || pointAt > 16) {
            var exponent = pointAt - 1;
            var mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        if (pointAt <= 0) {
            return sign + "0." + "0".repeat(-pointAt) + digits;
        }
        if (pointAt >= digits.length()) {
            return sign + digits + "0".repeat(pointAt - digits.length()) + ".0";
        }
        return sign + digits.substring(0, pointAt) + "." + digits.substring(pointAt);
    }
}
