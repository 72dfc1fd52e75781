package dev.rampart.kata.securitylogging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A log file as an operator's tools read it. A viewer breaks the text into lines wherever a line
 * ends for it: CR, LF, CR LF, and the Unicode line ends (NEL U+0085, LINE SEPARATOR U+2028,
 * PARAGRAPH SEPARATOR U+2029, and the vertical tab and form feed), which is what Java's {@code \R}
 * matches. A line that opens with a time stamp, a level and the logger's name is an event; its
 * {@code key=value} fields are read as logfmt parsers read them: a quoted value ends at the next
 * unescaped quote and its backslash escapes are decoded, a bare value ends at a space, and of two
 * fields with one key the last one counts.
 */
public record LogView(List<Line> lines) {

    private static final Pattern HEADER = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z) (TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - (.*)$");

    /** One line of the file; {@code event} is empty when the line does not read as an event. */
    public record Line(String text, Optional<Event> event) {
    }

    /** An event as the viewer reads it. */
    public record Event(String level, Map<String, String> fields) {
        public String field(String key) {
            return fields.getOrDefault(key, "(none)");
        }

        public boolean is(String event, String outcome) {
            return event.equals(fields.get("event")) && outcome.equals(fields.get("outcome"));
        }
    }

    public static LogView of(String file) {
        var lines = new ArrayList<Line>();
        for (var text : file.split("\\R")) {
            if (!text.isEmpty()) {
                lines.add(new Line(text, parse(text)));
            }
        }
        return new LogView(List.copyOf(lines));
    }

    /** Every line that reads as an event. */
    public List<Event> events() {
        return lines.stream().flatMap(l -> l.event().stream()).toList();
    }

    /** The events whose {@code event} field is this one, such as {@code login}. */
    public List<Event> events(String event) {
        return events().stream().filter(e -> event.equals(e.fields().get("event"))).toList();
    }

    private static Optional<Event> parse(String line) {
        var m = HEADER.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Event(m.group(2), fields(m.group(4))));
    }

    private static Map<String, String> fields(String rest) {
        var fields = new LinkedHashMap<String, String>();
        int i = 0;
        int n = rest.length();
        while (i < n) {
            while (i < n && rest.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && isKeyChar(rest.charAt(i))) {
                i++;
            }
            if (i > start && i < n && rest.charAt(i) == '=') {
                var key = rest.substring(start, i);
                i++;
                var value = new StringBuilder();
                if (i < n && rest.charAt(i) == '"') {
                    i = quoted(rest, i + 1, value);
                } else {
                    while (i < n && rest.charAt(i) != ' ') {
                        value.append(rest.charAt(i++));
                    }
                }
                fields.put(key, value.toString());
            } else {
                while (i < n && rest.charAt(i) != ' ') {
                    i++;
                }
            }
        }
        return fields;
    }

    /** Reads a quoted value from {@code i} (just past the opening quote); returns where reading goes on. */
    private static int quoted(String s, int i, StringBuilder value) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < n) {
                char e = s.charAt(i + 1);
                if (e == 'u' && i + 5 < n && s.substring(i + 2, i + 6).matches("[0-9a-fA-F]{4}")) {
                    value.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                    i += 6;
                    continue;
                }
                value.append(switch (e) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> e;
                });
                i += 2;
                continue;
            }
            value.append(c);
            i++;
        }
        return i;
    }

    private static boolean isKeyChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
    }
}
