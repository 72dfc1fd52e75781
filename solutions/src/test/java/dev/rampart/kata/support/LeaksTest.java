package dev.rampart.kata.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeaksTest {

    @Test
    void aMaskOrALengthGivesNothingAway() {
        assertThat(Leaks.measure("Zq7LmP2xVw", "password=****, length 10").telling()).isFalse();
    }

    @Test
    void countsTheLongestRunOfTheSecret() {
        var leak = Leaks.measure("Zq7LmP2xVw", "key ends in …P2xVw");

        assertThat(leak.length()).isEqualTo(5);
        assertThat(leak.telling()).isFalse();
        assertThat(Leaks.measure("Zq7LmP2xVw", "oops: Zq7LmP2xVw").recovered()).isEqualTo("Zq7LmP2xVw");
    }

    @Test
    void seesThroughBase64AndHex() {
        assertThat(Leaks.measure("Zq7LmP2xVw", "b64: WnE3TG1QMnhWdw==").form()).isEqualTo("Base64");
        assertThat(Leaks.measure("Zq7LmP2xVw", "b64: WnE3TG1QMnhWdw==").telling()).isTrue();
        assertThat(Leaks.measure("Zq7LmP2xVw", "hex: 5a71374c6d5032785677").telling()).isTrue();
    }

    @Test
    void randomSecretsAreFreshLettersAndDigits() {
        assertThat(Leaks.randomSecret(24)).hasSize(24).matches("[A-Za-z0-9]+").isNotEqualTo(Leaks.randomSecret(24));
    }
}
