package dev.rampart.kata.inputvalidation;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.SpoofChecker.RestrictionLevel;
import com.ibm.icu.text.UnicodeSet;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Usernames as identifiers people read: one canonical spelling, one script, and no two that
 * look alike. ICU4J implements Unicode's own rules for this (UTS #39, "Unicode Security
 * Mechanisms") with the confusables data the Unicode Consortium maintains; a hand-written
 * table of look-alikes would be out of date with the next Unicode release.
 */
final class Usernames {

    private static final SpoofChecker CHECKER = new SpoofChecker.Builder()
            // Characters UTS #39 recommends for identifiers: no fillers, no obsolete scripts, no symbols.
            .setAllowedChars(new UnicodeSet(SpoofChecker.RECOMMENDED).addAll(SpoofChecker.INCLUSION).freeze())
            // One script, or Latin with the Han/Japanese/Korean mixes people really write.
            .setRestrictionLevel(RestrictionLevel.HIGHLY_RESTRICTIVE)
            // HIDDEN_OVERLAY: a combining dot above a letter that already has one (i, j, or a
            // dotless ı) draws nothing new. Lower-casing "İ" (Turkish capital I with a dot) gives
            // exactly that, "i" + U+0307, so "ADMİN" would otherwise become a second "admin".
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.CHAR_LIMIT
                    | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS | SpoofChecker.HIDDEN_OVERLAY)
            .build();
    /** NFKC_Casefold: NFKC and Unicode's full case folding in one step, the caseless form of an identifier. */
    private static final Normalizer2 CASE_FOLD = Normalizer2.getNFKCCasefoldInstance();

    private Usernames() {
    }

    /** NFKC folds width and compatibility forms ("ａｄｍｉｎ", "𝖺𝖽𝗆𝗂𝗇" → "admin"); case is not identity. */
    static String canonical(String raw) {
        var folded = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        // Lower-casing can leave a sequence NFKC would compose differently; normalise once more.
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    /** False for mixed scripts ("pаypal" with a Cyrillic 'а'), mixed digit systems and invisible marks. */
    static boolean unambiguous(String username) {
        return !CHECKER.failsChecks(username);
    }

    /**
     * Two usernames with the same skeleton look the same to a reader ("admin", "adrnin", "ɑdmin").
     * Case is folded first, with Unicode's full case folding rather than lower-casing: "straße"
     * and "strasse", or Greek "ς" and "σ", are one name to a page that shows usernames in
     * capitals, yet lower-casing keeps them apart.
     */
    static String skeleton(String username) {
        return CHECKER.getSkeleton(CASE_FOLD.normalize(username));
    }
}
