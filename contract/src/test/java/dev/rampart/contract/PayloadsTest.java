package dev.rampart.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PayloadsTest {

    @Test
    void readsHeadersAndPayloadsAndDecodesEscapes() {
        var list = Payloads.parse("x.txt", """
                # family: Directory traversal
                # source: PayloadsAllTheThings, Directory Traversal (MIT)
                # a note that is not a header

                ../etc/passwd
                a\\u0000b
                right\\u202Eleft
                """);

        assertThat(list.family()).isEqualTo("Directory traversal");
        assertThat(list.source()).isEqualTo("PayloadsAllTheThings, Directory Traversal (MIT)");
        assertThat(list.payloads()).containsExactly("../etc/passwd", "a\u0000b", "right\u202Eleft");
    }

    @Test
    void refusesAFileThatDoesNotNameItsSource() {
        assertThatThrownBy(() -> Payloads.parse("bare.txt", "# family: x\n../x\n"))
                .hasMessageContaining("bare.txt").hasMessageContaining("# source:");
    }

    @Test
    void refusesAnEmptyFamily() {
        assertThatThrownBy(() -> Payloads.parse("empty.txt", "# family: x\n# source: y\n\n"))
                .hasMessage("empty.txt holds no payloads");
    }

    @Test
    void namesAMissingResource() {
        assertThatThrownBy(() -> Payloads.load("no/such.txt"))
                .hasMessageContaining("no/such.txt").hasMessageContaining("katas/src/test/resources");
    }
}
