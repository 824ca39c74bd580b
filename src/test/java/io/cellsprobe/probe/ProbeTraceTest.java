package io.cellsprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.json.JsonObject;

/** Every request of a probe is kept for the probe-now trace, with its answer cut and no secret in it. */
class ProbeTraceTest extends ProbeTestSupport {

    @Test
    void eachRequestIsKeptInOrderWithItsAnswer() {
        ProbeResult result = probe();

        assertThat(result.requests()).extracting(ProbeRequest::method, ProbeRequest::path, ProbeRequest::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", TestTargets.TOKEN_PATH, 200),
                        org.assertj.core.groups.Tuple.tuple("GET", USER_URL, 200));
        assertThat(result.requests()).allSatisfy(request -> {
            assertThat(request.contentType()).startsWith("application/json");
            assertThat(request.time()).isPositive().isLessThanOrEqualTo(result.total());
            assertThat(request.noAnswer()).isEmpty();
        });
        assertThat(result.requests().get(1).body()).contains("\"Login\":\"" + TestTargets.USERNAME + "\"");
    }

    @Test
    void tokensInAnswersAreMaskedEvenWhenTheAnswerDoesNotParse() {
        String idToken = validJwt().encode();
        String cut = CellsAnswers.tokenJson(idToken, 599);
        tokenAnswers(CellsAnswers.json(200, cut.substring(0, cut.length() - 2)));

        ProbeResult result = probe();

        assertThat(result.failure().orElseThrow().reason()).isEqualTo(FailureReason.BAD_RESPONSE);
        String body = result.requests().get(0).body();
        assertThat(body).contains("\"access_token\":\"******\"").doesNotContain(idToken)
                .doesNotContain("access-token-jp4xk2a7bs2n5vq3");
        assertNoSecretsIn(result);
    }

    @Test
    void bodiesAreCutToTheExcerptLength() {
        userAnswers(CellsAnswers.json(200, new JsonObject().put("Login", TestTargets.USERNAME)
                .put("Padding", "x".repeat(5_000)).encode()));

        ProbeResult result = probe();

        assertThat(result.requests().get(1).body()).hasSize(ProbeRequest.BODY_EXCERPT_BYTES);
    }

    @Test
    void aRequestWithoutAnswerSaysWhy() {
        ProbeResult result = probe(TestTargets.at("http://127.0.0.1:1").timeout(Duration.ofSeconds(2)).build());

        assertThat(result.requests()).hasSize(1);
        ProbeRequest request = result.requests().get(0);
        assertThat(request.status()).isZero();
        assertThat(request.noAnswer()).contains(FailureReason.CONNECT);
        assertThat(request.body()).isEmpty();
    }
}
