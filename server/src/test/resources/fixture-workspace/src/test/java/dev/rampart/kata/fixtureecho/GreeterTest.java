package dev.rampart.kata.fixtureecho;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.Attack;
import org.junit.jupiter.api.Test;

/** A kata suite in miniature, for the kernel's own tests: one attack, one honest use. */
class GreeterTest {

    @Attack("a script tag in the name reaches the page")
    void scriptTag() {
        var page = new Greeter().greet("<script>alert(1)</script>");
        assertThat(page).as("the page got a live script element; escape the name").doesNotContain("<script>");
    }

    @Test
    void greetsByName() {
        assertThat(new Greeter().greet("Ada")).isEqualTo("<p>Hello, Ada</p>");
    }
}
