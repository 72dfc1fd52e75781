package dev.rampart.kata.securitylogging;

/**
 * What an operator sees when a log line is printed on a terminal ({@code tail -f}, {@code less -R},
 * a CI console): escape sequences (ECMA-48 CSI and OSC, 7-bit and 8-bit) are obeyed and not
 * shown, a carriage return or backspace moves the cursor so later characters overwrite earlier
 * ones, "erase line" wipes what is there, and other control characters print nothing. A line
 * holding none of these shows exactly as it is written.
 */
public final class Terminal {

    private Terminal() {
    }

    public static String show(String line) {
        var screen = new StringBuilder();
        int cursor = 0;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\u001b' && i + 1 < n && line.charAt(i + 1) == '[' || c == '\u009b') {
                i += c == '\u009b' ? 1 : 2;
                var params = new StringBuilder();
                while (i < n && (line.charAt(i) < 0x40 || line.charAt(i) > 0x7e)) {
                    params.append(line.charAt(i++));
                }
                char command = i < n ? line.charAt(i++) : ' ';
                if (command == 'K') {
                    if (params.toString().equals("2")) {
                        screen.setLength(0);
                        cursor = 0;
                    } else if (params.toString().equals("1")) {
                        for (int k = 0; k < Math.min(cursor, screen.length()); k++) {
                            screen.setCharAt(k, ' ');
                        }
                    } else {
                        screen.setLength(Math.min(cursor, screen.length()));
                    }
                } else if (command == 'D') {
                    cursor = Math.max(0, cursor - count(params));
                } else if (command == 'G') {
                    cursor = Math.max(0, count(params) - 1);
                }
            } else if (c == '\u001b' && i + 1 < n && line.charAt(i + 1) == ']' || c == '\u009d') {
                i += c == '\u009d' ? 1 : 2;
                while (i < n && line.charAt(i) != '\u0007' && line.charAt(i) != '\u009c'
                        && !(line.charAt(i) == '\u001b' && i + 1 < n && line.charAt(i + 1) == '\\')) {
                    i++;
                }
                i += i < n && line.charAt(i) == '\u001b' ? 2 : 1;
            } else if (c == '\u001b') {
                i += 2;
            } else if (c == '\r') {
                cursor = 0;
                i++;
            } else if (c == '\b') {
                cursor = Math.max(0, cursor - 1);
                i++;
            } else if (Character.isISOControl(c) && c != '\t') {
                i++;
            } else {
                if (cursor < screen.length()) {
                    screen.setCharAt(cursor, c);
                } else {
                    while (screen.length() < cursor) {
                        screen.append(' ');
                    }
                    screen.append(c);
                }
                cursor++;
                i++;
            }
        }
        return screen.toString();
    }

    private static int count(CharSequence params) {
        return params.isEmpty() ? 1 : Integer.parseInt(params.toString().replaceAll("\\D", "0"));
    }
}
