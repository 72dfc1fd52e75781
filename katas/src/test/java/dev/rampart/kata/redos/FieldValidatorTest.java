package dev.rampart.kata.redos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Attacks on the validators of a site's free-text fields: inputs built so that a backtracking
 * regex engine tries an exponential (or quadratic) number of ways to match them, and one request
 * keeps a core busy for seconds, minutes or years (CWE-1333).
 *
 * <p><b>The oracle counts, it does not time.</b> Every input is handed over as a
 * {@link MeteredText}, a {@code CharSequence} that counts the characters the validator reads. A
 * linear validator reads each character a bounded number of times: the budget is
 * {@value #STEPS_PER_CHAR} reads per character, plus {@value #SLACK}, counted on the input's
 * length but never on more than the field's own limit ({@code FieldValidator.MAX_*}): a check
 * that reads a megabyte to judge a 254-character field has let the attacker choose its cost. The
 * count is the same on every machine and every run. Past the budget the next read throws, which
 * is how the suite stops a match that {@code Thread.interrupt()} cannot stop: the starter fails
 * each case after a few thousand reads, in microseconds, not after the seconds it would burn.
 *
 * <p>A wall clock appears only as a safety net: each call runs on a thread of its own, and a call
 * still running after {@value #SAFETY_NET_SECONDS} s (a validator that copied its input with
 * {@code toString()} reads a String the meter cannot see) fails the case; that thread is left to
 * finish on its own, since nothing can stop it.
 *
 * <p>Since Java 9, java.util.regex remembers where a greedy {@code (...)*} or {@code (...)+} has
 * already failed, so the textbook {@code ^(a+)+$} is fast on Java 17 and 25. The memory is off for
 * a whole pattern that holds a backreference, and never applies to a bounded repetition
 * ({@code {0,63}}) or a lazy one: each family below aims at one of those gaps, and every payload
 * was checked to pass the budget by orders of magnitude on both JDKs.
 *
 * <p>Payload files may write a long run as {@code {{N*text}}}: {@code text} repeated N times.
 */
class FieldValidatorTest {

    static final int STEPS_PER_CHAR = 64;
    static final int SLACK = 1024;
    static final int SAFETY_NET_SECONDS = 20;

    private static final String BOUND = "a validator's cost must grow with its input's length, not with the "
            + "number of ways its pattern can split the input: give the pattern one way to match each text (possessive "
            + "quantifiers, atomic groups, separators that are not optional) or run it on a linear engine such as RE2/J, "
            + "and refuse input longer than the field's limit before reading it";

    private final FieldValidator validator = new FieldValidator();

    /** The fields the validator checks, with each one's limit and the call that checks it. */
    enum Field {
        EMAIL("the e-mail address", FieldValidator.MAX_EMAIL, FieldValidator::isEmail),
        LINK("the profile link", FieldValidator.MAX_LINK, FieldValidator::isWebLink),
        TRIM("the trimmed text", Integer.MAX_VALUE, FieldValidator::trim),
        COMMENT("the comment's repeated word", FieldValidator.MAX_COMMENT, FieldValidator::repeatedWord),
        QUERY("the search query's quoted phrases", FieldValidator.MAX_QUERY, FieldValidator::quotedPhrases);

        final String what;
        final int limit;
        final BiFunction<FieldValidator, CharSequence, Object> check;

        Field(String what, int limit, BiFunction<FieldValidator, CharSequence, Object> check) {
            this.what = what;
            this.limit = limit;
            this.check = check;
        }
    }

    @AttackFamily("an address of letter runs that the e-mail pattern can split 2^n ways (nested quantifiers) ties up a core")
    @PayloadFile("redos/nested-quantifiers.txt")
    void nestedQuantifiers(String field, String payload) {
        assertStaysLinear(field, payload);
    }

    @AttackFamily("a run of backslashes that the quoted-phrase pattern can read as escapes or as text (overlapping alternation) ties up a core")
    @PayloadFile("redos/overlapping-alternation.txt")
    void overlappingAlternation(String field, String payload) {
        assertStaysLinear(field, payload);
    }

    @AttackFamily("a long word defeats the repeated-word pattern, whose backreference turns off the JDK's memory of failed attempts")
    @PayloadFile("redos/backreferences.txt")
    void backreferences(String field, String payload) {
        assertStaysLinear(field, payload);
    }

    @AttackFamily("a link with many slashes and a line break makes the lazy host retry the whole path at every slash")
    @PayloadFile("redos/lazy-repetition.txt")
    void lazyRepetition(String field, String payload) {
        assertStaysLinear(field, payload);
    }

    @AttackFamily("a long run of whitespace inside the text makes the trim pattern rescan the run from each of its characters")
    @PayloadFile("redos/whitespace-runs.txt")
    void whitespaceRuns(String field, String payload) {
        assertStaysLinear(field, payload);
    }

    @AttackFamily("an input far over the field's limit is read to its end, or recursed into until the stack overflows")
    @PayloadFile("redos/length-bombs.txt")
    void lengthBombs(String field, String payload) {
        assertStaysLinear(field, payload);
    }

    @Attack("an e-mail address one letter run longer than the limit allows is accepted")
    void overlongLocalPart() {
        var address = "a".repeat(65) + "@example.com";
        assertThat(check(Field.EMAIL, address))
                .as("%s: RFC 5321 allows at most 64 characters before the @, and no mail server delivers to "
                        + "a longer address; refuse it rather than store an account nobody can reach", address)
                .isEqualTo(false);
    }

    @Attack("an e-mail address padded past 254 characters is accepted")
    void overlongAddress() {
        var address = "a@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + "." + "e".repeat(63) + ".com";
        assertThat(check(Field.EMAIL, address))
                .as("%d characters: an address longer than %d characters is refused before it is read",
                        address.length(), FieldValidator.MAX_EMAIL)
                .isEqualTo(false);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @PayloadFile("redos/legitimate-emails.txt")
    void judgesEmails(String address, String verdict) {
        assertThat(validator.isEmail(expand(address))).as("isEmail(%s)", address).isEqualTo(verdict.equals("accepted"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @PayloadFile("redos/legitimate-links.txt")
    void judgesLinks(String link, String verdict) {
        assertThat(validator.isWebLink(expand(link))).as("isWebLink(%s)", link).isEqualTo(verdict.equals("accepted"));
    }

    @ParameterizedTest(name = "[{0}] trims to [{1}]")
    @PayloadFile("redos/legitimate-trims.txt")
    void trimsText(String text, String trimmed) {
        String expected = trimmed.equals("(empty)") ? "" : expand(trimmed);
        assertThat(validator.trim(expand(text))).as("trim(%s)", text).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} repeats {1}")
    @PayloadFile("redos/legitimate-comments.txt")
    void findsRepeatedWords(String comment, String word) {
        Optional<String> expected = word.equals("(none)") ? Optional.empty() : Optional.of(word);
        assertThat(validator.repeatedWord(expand(comment))).as("repeatedWord(%s)", comment).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} quotes {1}")
    @PayloadFile("redos/legitimate-queries.txt")
    void findsQuotedPhrases(String query, String phrases) {
        List<String> expected = phrases.equals("(none)") ? List.of() : Arrays.asList(expand(phrases).split(" \\| ", -1));
        assertThat(validator.quotedPhrases(expand(query))).as("quotedPhrases(%s)", query).isEqualTo(expected);
    }

    @Test
    void trimsTabs() {
        // A tab splits a payload file's columns, so the tabs are tested here.
        assertThat(validator.trim("\t\tindented line\t")).as("trim(\"\\t\\tindented line\\t\")").isEqualTo("indented line");
    }

    @Test
    void findsAWordRepeatedAcrossATab() {
        assertThat(validator.repeatedWord("go\tgo")).as("repeatedWord(\"go\\tgo\")").contains("go");
    }

    @ParameterizedTest(name = "{0} within the limits stays within the budget")
    @PayloadFile("redos/legitimate-long-inputs.txt")
    void honestLongInputsStayWithinTheBudget(String field, String text) {
        assertStaysLinear(field, text);
    }

    /** Runs the field's check on the payload, metered, and fails if it read past its budget or crashed. */
    private void assertStaysLinear(String fieldName, String payload) {
        Field field = Field.valueOf(fieldName);
        String text = expand(payload);
        long budget = (long) STEPS_PER_CHAR * Math.min(text.length(), field.limit) + SLACK;
        var meter = new MeteredText(text, budget, System.nanoTime() + TimeUnit.SECONDS.toNanos(SAFETY_NET_SECONDS));
        Throwable thrown = run(field, meter);
        String input = describe(text);
        if (thrown instanceof StackOverflowError) {
            fail(("%s of %s: the check crashed with StackOverflowError: java.util.regex recurses once per repetition "
                    + "of a group, so a long enough input overflows any stack (a 500 the attacker provokes at will); "
                    + "bound the length first, and use a pattern or engine that does not recurse").formatted(field.what, input));
        }
        assertThat(meter.stoppedBecause())
                .as("%s of %s: the check %s (%d characters read, budget %d = %d per character + %d, counted up to the "
                        + "field's limit) and was stopped there; %s",
                        field.what, input, meter.stoppedBecause(), meter.steps(), budget, STEPS_PER_CHAR, SLACK, BOUND)
                .isNull();
        if (thrown != null) {
            fail("%s of %s: the check crashed with %s (%s): a crash is a 500 the attacker provokes at will"
                    .formatted(field.what, input, thrown.getClass().getSimpleName(), thrown.getMessage()), thrown);
        }
        assertThat(meter.steps())
                .as("%s of %s: characters read", field.what, input)
                .isLessThanOrEqualTo(budget);
    }

    /** What the check threw, or null; it runs on a thread of its own, abandoned at the safety net. */
    private Throwable run(Field field, MeteredText meter) {
        ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
            var thread = new Thread(task, "redos-check");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Object> call = worker.submit(() -> field.check.apply(validator, meter));
            call.get(SAFETY_NET_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return fail(("%s: the check was still running after %d s, and the suite's step meter never saw it read: did it "
                    + "copy its input with toString() and match the copy? Its thread is abandoned, still busy: that is "
                    + "what a runaway regex does to a server; %s").formatted(field.what, SAFETY_NET_SECONDS, BOUND));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        } finally {
            worker.shutdownNow();
        }
    }

    /** An honest call, unmetered. */
    private Object check(Field field, String text) {
        return field.check.apply(validator, text);
    }

    /** Expands each {@code {{N*text}}} into {@code text} repeated N times. */
    static String expand(String payload) {
        var out = new StringBuilder();
        int from = 0;
        while (true) {
            int open = payload.indexOf("{{", from);
            int close = open < 0 ? -1 : payload.indexOf("}}", open);
            int star = open < 0 ? -1 : payload.indexOf('*', open);
            if (open < 0 || close < 0 || star < 0 || star > close) {
                return out.append(payload, from, payload.length()).toString();
            }
            out.append(payload, from, open);
            int times = Integer.parseInt(payload.substring(open + 2, star));
            out.append(payload.substring(star + 1, close).repeat(times));
            from = close + 2;
        }
    }

    /** A payload as a case can name it: short ones whole, long ones by their ends and length. */
    private static String describe(String text) {
        String shown = text.length() <= 60 ? text
                : text.substring(0, 25) + "…" + text.substring(text.length() - 25) + " (" + text.length() + " characters)";
        return "\"" + shown.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
