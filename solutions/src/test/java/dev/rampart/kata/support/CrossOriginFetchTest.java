package dev.rampart.kata.support;

import static dev.rampart.kata.support.FakeResponse.headers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.CrossOriginFetch.Credentials;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CORS check and the preflight rules of the Fetch standard, on hand-made answers. */
class CrossOriginFetchTest {

    private static final String PAGE = "https://app.example";

    @Test
    void aWildcardOpensAnswersToPagesThatSendNoCredentials() {
        var answer = headers("Access-Control-Allow-Origin", "*");

        assertThat(CrossOriginFetch.corsCheck(answer, PAGE, Credentials.OMIT)).isEmpty();
    }

    @Test
    void aWildcardNeverOpensACredentialedAnswerEvenWithAllowCredentials() {
        var answer = headers("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Credentials", "true");

        assertThat(CrossOriginFetch.corsCheck(answer, PAGE, Credentials.INCLUDE)).isPresent();
    }

    @Test
    void aCredentialedAnswerNeedsTheExactOriginAndAllowCredentialsTrue() {
        assertThat(CrossOriginFetch.corsCheck(headers("Access-Control-Allow-Origin", PAGE), PAGE, Credentials.INCLUDE)).isPresent();
        assertThat(CrossOriginFetch.corsCheck(headers("Access-Control-Allow-Origin", PAGE, "Access-Control-Allow-Credentials", "True"),
                PAGE, Credentials.INCLUDE)).as("the value is case-sensitive").isPresent();
        assertThat(CrossOriginFetch.corsCheck(headers("Access-Control-Allow-Origin", PAGE, "Access-Control-Allow-Credentials", "true"),
                PAGE, Credentials.INCLUDE)).isEmpty();
    }

    @Test
    void twoAllowOriginValuesOpenNothing() {
        var answer = headers("Access-Control-Allow-Origin", PAGE, "Access-Control-Allow-Origin", PAGE);

        assertThat(CrossOriginFetch.corsCheck(answer, PAGE, Credentials.OMIT)).isPresent();
    }

    @Test
    void aSimpleContentTypeNeedsNoPreflightButJsonDoes() {
        assertThat(CrossOriginFetch.unsafeHeaderNames(List.of(Map.entry("Content-Type", "text/plain;charset=UTF-8")))).isEmpty();
        assertThat(CrossOriginFetch.unsafeHeaderNames(List.of(Map.entry("Content-Type", "application/json")))).containsExactly("content-type");
        assertThat(CrossOriginFetch.unsafeHeaderNames(List.of(Map.entry("X-Token", "1"), Map.entry("Accept", "*/*")))).containsExactly("x-token");
    }

    @Test
    void wildcardMethodsAndHeadersCountOnlyWithoutCredentials() {
        var preflight = headers("Access-Control-Allow-Origin", PAGE, "Access-Control-Allow-Credentials", "true",
                "Access-Control-Allow-Methods", "*", "Access-Control-Allow-Headers", "*");

        assertThat(CrossOriginFetch.preflightRefusal(preflight, PAGE, "DELETE", List.of(), Credentials.INCLUDE)).isPresent();
        assertThat(CrossOriginFetch.preflightRefusal(preflight, PAGE, "POST", List.of("x-token"), Credentials.INCLUDE)).isPresent();
        var anonymous = headers("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "*", "Access-Control-Allow-Headers", "*");
        assertThat(CrossOriginFetch.preflightRefusal(anonymous, PAGE, "DELETE", List.of("x-token"), Credentials.OMIT)).isEmpty();
        assertThat(CrossOriginFetch.preflightRefusal(anonymous, PAGE, "GET", List.of("authorization"), Credentials.OMIT))
                .as("Authorization is never covered by *").isPresent();
    }

    @Test
    void aPreflightMustSucceedAndListTheMethod() {
        var listed = headers("Access-Control-Allow-Origin", PAGE, "Access-Control-Allow-Methods", "GET, PUT");

        assertThat(CrossOriginFetch.preflightRefusal(listed, PAGE, "PUT", List.of(), Credentials.OMIT)).isEmpty();
        assertThat(CrossOriginFetch.preflightRefusal(listed, PAGE, "put", List.of(), Credentials.OMIT)).as("methods are case-sensitive").isPresent();
        assertThat(CrossOriginFetch.preflightRefusal(FakeResponse.of(403, "Access-Control-Allow-Origin", PAGE,
                "Access-Control-Allow-Methods", "PUT"), PAGE, "PUT", List.of(), Credentials.OMIT)).isPresent();
    }
}
