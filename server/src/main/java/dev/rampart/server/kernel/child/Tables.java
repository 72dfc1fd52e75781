package dev.rampart.server.kernel.child;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders a table three ways. Cells are escaped for the format they go into. */
final class Tables {

    private Tables() {
    }

    static String html(List<String> columns, List<List<String>> rows, Optional<String> caption) {
        var out = new StringBuilder("<table>");
        caption.ifPresent(c -> out.append("<caption>").append(escapeHtml(c)).append("</caption>"));
        out.append("<thead><tr>");
        columns.forEach(c -> out.append("<th>").append(escapeHtml(c)).append("</th>"));
        out.append("</tr></thead><tbody>");
        for (var row : rows) {
            out.append("<tr>");
            row.forEach(v -> out.append("<td>").append(escapeHtml(v)).append("</td>"));
            out.append("</tr>");
        }
        return out.append("</tbody></table>").toString();
    }

    static String markdown(List<String> columns, List<List<String>> rows, Optional<String> caption) {
        var out = new StringBuilder();
        out.append(line(columns.stream().map(Tables::escapeMarkdown).toList())).append('\n');
        out.append(line(columns.stream().map(c -> "---").toList())).append('\n');
        rows.forEach(r -> out.append(line(r.stream().map(Tables::escapeMarkdown).toList())).append('\n'));
        caption.ifPresent(c -> out.append('\n').append(escapeMarkdown(c)).append('\n'));
        return out.toString();
    }

    static String plain(List<String> columns, List<List<String>> rows, Optional<String> caption) {
        var widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).length();
            for (var row : rows) {
                widths[i] = Math.max(widths[i], oneLine(row.get(i)).length());
            }
        }
        var out = new StringBuilder();
        out.append(padded(columns, widths)).append('\n');
        for (int w : widths) {
            out.append("-".repeat(w)).append("  ");
        }
        out.setLength(out.length() - (widths.length > 0 ? 2 : 0));
        out.append('\n');
        rows.forEach(r -> out.append(padded(r, widths)).append('\n'));
        caption.ifPresent(c -> out.append('(').append(c).append(")\n"));
        return out.toString().stripTrailing();
    }

    private static String padded(List<String> values, int[] widths) {
        var out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            var v = oneLine(values.get(i));
            out.append(v).append(" ".repeat(widths[i] - v.length()));
            if (i < values.size() - 1) {
                out.append("  ");
            }
        }
        return out.toString().stripTrailing();
    }

    private static String line(List<String> values) {
        return values.stream().collect(Collectors.joining(" | ", "| ", " |"));
    }

    private static String oneLine(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    static String escapeHtml(String s) {
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String escapeMarkdown(String s) {
        return escapeHtml(oneLine(s)).replace("|", "\\|");
    }
}
