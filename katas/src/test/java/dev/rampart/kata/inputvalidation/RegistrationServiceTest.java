package dev.rampart.kata.inputvalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sign-up form attacked through its fields. Every case submits the form as a browser would
 * (a map of strings) and then asks the directory what was created: an attack wins when an
 * account exists that should not.
 */
class RegistrationServiceTest {

    private final Accounts accounts = new Accounts();
    private final RegistrationService service = new RegistrationService(accounts);

    // ---- honest use -------------------------------------------------------------------------

    @Test
    void anHonestFormCreatesTheAccount() {
        var account = service.register(honestForm());

        assertThat(accounts.all()).containsExactly(account);
        assertThat(account).isEqualTo(new Account("alice.martin", "Alice Martin", "alice.martin@example.com", 34));
    }

    @Test
    void aTakenUsernameIsRefused() {
        service.register(honestForm());
        var again = honestForm();
        again.put("email", "someone.else@example.com");

        assertThatThrownBy(() -> service.register(again)).isInstanceOf(RegistrationRejected.class);
        assertThat(accounts.all()).hasSize(1);
    }

    @Test
    void differentPeopleRegisterSideBySide() {
        registerOwners();
        service.register(form("username", "alice"));

        assertThat(accounts.all()).extracting(Account::username).containsExactly("admin", "paypal", "alice");
    }

    @ParameterizedTest
    @PayloadFile("input-validation/legitimate-usernames.txt")
    void legitimateUsernamesAreAccepted(String username) {
        registerOwners();
        service.register(form("username", username));

        assertThat(accounts.find(username)).as("the account %s", username).isPresent();
    }

    @ParameterizedTest
    @PayloadFile("input-validation/legitimate-case-distinct-usernames.txt")
    void namesThatDifferInMoreThanCaseRegisterSideBySide(String existing, String newcomer) {
        service.register(form("username", existing));
        service.register(form("username", newcomer));

        assertThat(accounts.all()).extracting(Account::username).containsExactly(existing, newcomer);
    }

    @ParameterizedTest
    @PayloadFile("input-validation/legitimate-display-names.txt")
    void legitimateDisplayNamesAreKept(String displayName) {
        var account = service.register(form("displayName", displayName));

        assertThat(account.displayName()).isEqualTo(displayName);
    }

    @ParameterizedTest
    @PayloadFile("input-validation/legitimate-emails.txt")
    void legitimateEmailsAreKept(String email) {
        var account = service.register(form("email", email));

        assertThat(account.email()).isEqualTo(email);
    }

    @ParameterizedTest
    @PayloadFile("input-validation/legitimate-ages.txt")
    void legitimateAgesAreKept(String age) {
        var account = service.register(form("age", age));

        assertThat(account.age()).isEqualTo(Integer.parseInt(age));
    }

    @ParameterizedTest
    @PayloadFile("input-validation/legitimate-passwords.txt")
    void strongPasswordsAreAccepted(String password) {
        service.register(form("password", password));

        assertThat(accounts.all()).hasSize(1);
    }

    @ParameterizedTest
    @PayloadFile("input-validation/legitimate-field-values.txt")
    void punctuationAndSpacesThatBelongAreAccepted(String field, String value) {
        service.register(form(field, value));

        assertThat(accounts.all()).hasSize(1);
    }

    @ParameterizedTest
    @PayloadFile("input-validation/legitimate-long-fields.txt")
    void longButReasonableFieldsAreAccepted(String field, String unit, String count) {
        service.register(form(field, unit.repeat(Integer.parseInt(count))));

        assertThat(accounts.all()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"username", "displayName", "age", "password"})
    void aFormWithoutARequiredFieldIsRefusedNamingIt(String field) {
        var form = honestForm();
        form.remove(field);

        var refused = catchThrowableOfType(RegistrationRejected.class, () -> service.register(form));

        assertThat(refused).as("a form without %s must be refused with a RegistrationRejected", field).isNotNull();
        assertThat(refused.problems()).as("what the refusal asks the user to change").anyMatch(p -> p.startsWith(field + ":"));
        assertThat(accounts.all()).isEmpty();
    }

    @Test
    void aRefusalListsEveryBadFieldInOrder() {
        var form = honestForm();
        form.put("username", "x");
        form.put("displayName", "");
        form.put("email", "not-an-address");

        var refused = catchThrowableOfType(RegistrationRejected.class, () -> service.register(form));

        assertThat(refused).isNotNull();
        assertThat(refused.problems()).isSorted();
        assertThat(refused.problems().stream().map(p -> p.substring(0, p.indexOf(':'))))
                .containsOnly("displayName", "email", "username");
    }

    @Test
    void theDirectoryKeepsOneAccountPerUsername() {
        var directory = new Accounts();
        directory.add(new Account("alice", "Alice", "alice@example.com", 30));

        assertThatThrownBy(() -> directory.add(new Account("alice", "Mallory", "mallory@example.com", 30)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(directory.all()).extracting(Account::displayName).containsExactly("Alice");
    }

    @Test
    void aRegistrationPrintsItsFieldsButNotThePassword() {
        var printed = new Registration("alice.martin", "Alice Martin", "alice.martin@example.com", 34, "Vanilla-Octopus-47-Teapot!")
                .toString();

        assertThat(printed).contains("alice.martin", "Alice Martin", "34").doesNotContain("Vanilla-Octopus");
    }

    // ---- usernames --------------------------------------------------------------------------

    @AttackFamily("registers a second account that reads as 'admin' or 'paypal'")
    @PayloadFile("input-validation/look-alike-usernames.txt")
    void lookAlikeUsernames(String username) {
        var owners = registerOwners();

        submit(form("username", username));

        assertThat(accounts.all())
                .as("the attacker now owns a look-alike of an existing account, ready to impersonate it; "
                        + "normalise (NFKC), fold case, and compare what names look like, not their code points")
                .containsExactlyElementsOf(owners);
    }

    @AttackFamily("registers a second account whose name differs from an existing one only in case")
    @PayloadFile("input-validation/case-folded-usernames.txt")
    void caseFoldedUsernames(String existing, String impersonator) {
        service.register(form("username", existing));
        var owners = accounts.all();

        submit(form("username", impersonator));

        assertThat(accounts.all())
                .as("%s now sits beside %s; shown in capitals, as many pages show usernames, the two are the same name. "
                        + "Lower-casing is not case folding: compare names with Unicode's full case folding", printable(impersonator),
                        printable(existing))
                .containsExactlyElementsOf(owners);
    }

    @AttackFamily("squats on a brand's name with letters from two scripts before the brand signs up")
    @PayloadFile("input-validation/mixed-script-usernames.txt")
    void mixedScriptUsernames(String username) {
        submit(form("username", username));

        assertThat(accounts.all())
                .as("%s was registered: it reads as a name its owner has not claimed yet, and when they come it is taken; "
                        + "refuse names that mix scripts or digit systems", printable(username))
                .isEmpty();
    }

    @AttackFamily("hides a bidi override or an invisible character in a username")
    @PayloadFile("input-validation/bidi-and-invisible-usernames.txt")
    void bidiAndInvisibleUsernames(String username) {
        var owners = registerOwners();

        submit(form("username", username));

        assertThat(accounts.all())
                .as("an account whose name displays differently from what it is was created; "
                        + "allow the characters a username may hold instead of listing the ones it may not")
                .containsExactlyElementsOf(owners);
    }

    // ---- any text field ---------------------------------------------------------------------

    @AttackFamily("slips a control character into a field")
    @PayloadFile("input-validation/control-characters.txt")
    void controlCharacters(String field, String value) {
        submit(form(field, value));

        assertThat(accounts.all())
                .as("the form was accepted with a control character in %s; no person types these, so an allowlist refuses them", field)
                .isEmpty();
    }

    @AttackFamily("sends a field far longer than anyone needs")
    @PayloadFile("input-validation/over-long-fields.txt")
    void overLongFields(String field, String unit, String count) {
        submit(form(field, unit.repeat(Integer.parseInt(count))));

        assertThat(accounts.all())
                .as("a %s of %s characters was accepted; every field needs a maximum length",
                        field, unit.length() * Long.parseLong(count))
                .isEmpty();
    }

    @AttackFamily("signs up with a display name that only looks blank")
    @PayloadFile("input-validation/blank-looking-names.txt")
    void blankLookingNames(String displayName) {
        submit(form("displayName", displayName));

        assertThat(accounts.all())
                .as("an account with an invisible name was created; @NotBlank only trims Java whitespace")
                .isEmpty();
    }

    // ---- e-mail -----------------------------------------------------------------------------

    @Attack("signs up with an empty e-mail address, which @Email accepts")
    void emptyEmail() {
        submit(form("email", ""));

        assertThat(accounts.all()).as("an account nobody can reach was created; @Email accepts \"\"").isEmpty();
    }

    @Attack("leaves the e-mail field out of the form altogether")
    void missingEmail() {
        var form = honestForm();
        form.remove("email");

        submit(form);

        assertThat(accounts.all()).as("an account without an e-mail was created; @Email accepts null").isEmpty();
    }

    @AttackFamily("signs up with an address @Email accepts but no mail should go to")
    @PayloadFile("input-validation/email-edge-cases.txt")
    void emailEdgeCases(String email) {
        submit(form("email", email));

        assertThat(accounts.all())
                .as("the address was accepted; @Email follows the RFC, the form needs an allowlist of the addresses it serves")
                .isEmpty();
    }

    // ---- numbers ----------------------------------------------------------------------------

    @AttackFamily("puts text in the age field that a lenient parser still reads as a number")
    @PayloadFile("input-validation/lenient-numbers.txt")
    void lenientNumbers(String age) {
        submit(form("age", age));

        assertThat(accounts.all())
                .as("the age field did not hold a number, yet an account was created (with age %s); "
                        + "check the text against an allowlist before converting it",
                        accounts.all().stream().map(Account::age).toList())
                .isEmpty();
    }

    @AttackFamily("gives an age no person has")
    @PayloadFile("input-validation/impossible-ages.txt")
    void impossibleAges(String age) {
        submit(form("age", age));

        assertThat(accounts.all())
                .as("an account aged %s was created; a type is not a range",
                        accounts.all().stream().map(Account::age).toList())
                .isEmpty();
    }

    // ---- passwords --------------------------------------------------------------------------

    @AttackFamily("chooses a password that obeys the composition rules and is still guessed at once")
    @PayloadFile("input-validation/weak-passwords.txt")
    void weakPasswords(String password) {
        submit(form("password", password));

        assertThat(accounts.all())
                .as("the account was created with a password from the top of the guessing lists; "
                        + "estimate how guessable it is instead of counting character classes")
                .isEmpty();
    }

    @AttackFamily("chooses a password shorter than the 15 characters NIST asks for when it is the only factor")
    @PayloadFile("input-validation/short-passwords.txt")
    void shortPasswords(String password) {
        submit(form("password", password));

        assertThat(accounts.all())
                .as("the account was created with a %d-character password; a password that is the only factor needs 15 or "
                        + "more (NIST SP 800-63B-4), whatever mix of characters it has", password.length())
                .isEmpty();
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** The accounts an impersonator would copy. */
    private List<Account> registerOwners() {
        service.register(form("username", "admin"));
        service.register(form("username", "paypal"));
        return accounts.all();
    }

    /** Submits a form the way a client would: a refusal is an answer, not a failure of the test. */
    private void submit(Map<String, String> form) {
        try {
            service.register(form);
        } catch (RegistrationRejected refused) {
            // The directory, not the exception, says whether the attack worked.
        }
    }

    /** The name with every character outside printable ASCII written as its code point, so the difference shows. */
    private static String printable(String name) {
        var out = new StringBuilder("\"");
        name.codePoints().forEach(c -> out.append(c > 0x20 && c < 0x7F ? Character.toString(c) : "\\u%04X".formatted(c)));
        return out.append('"').toString();
    }

    private static Map<String, String> form(String field, String value) {
        var form = honestForm();
        form.put(field, value);
        return form;
    }

    private static Map<String, String> honestForm() {
        var form = new HashMap<String, String>();
        form.put("username", "alice.martin");
        form.put("displayName", "Alice Martin");
        form.put("email", "alice.martin@example.com");
        form.put("age", "34");
        form.put("password", "Vanilla-Octopus-47-Teapot!");
        return form;
    }
}
