package dev.rampart.kata.inputvalidation;

/**
 * What each text field may hold, as regular expressions over NFKC-normalised text. They name
 * the characters that are allowed; everything else, including every control, format and
 * bidirectional character, is refused without having to be listed.
 */
final class Allowlists {

    /** Letters and digits of any script, with '.', '_' or '-' inside; 3 to 32 code points. */
    static final String USERNAME = "[\\p{L}\\p{Nd}][\\p{L}\\p{M}\\p{Nd}._-]{1,30}[\\p{L}\\p{M}\\p{Nd}]";

    /** Words of letters (with their accents and digits), apostrophes (' and \u2019), hyphens and dots, one space apart. */
    static final String DISPLAY_NAME = "\\p{L}[\\p{L}\\p{M}\\p{Nd}'\u2019.-]*(?: [\\p{L}\\p{M}\\p{Nd}'\u2019.-]+)*";

    /**
     * The addresses a sign-up form needs: an ASCII local part of letters, digits and
     * {@code . _ + ' -}, and a host name with at least one dot and a letter-only top-level
     * domain. No quoted local parts, IP literals, comments or '%' routing: all valid by RFC 5322,
     * none needed here, each a way to smuggle a second meaning past a mail system.
     */
    static final String EMAIL = "[A-Za-z0-9_+'-]+(?:\\.[A-Za-z0-9_+'-]+)*"
            + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}";

    /** Age in years: ASCII digits only, so "٤٢", "0x2A", "1e3" and "42; DROP TABLE users" never become numbers. */
    static final String AGE = "[0-9]{1,3}";

    private Allowlists() {
    }
}
