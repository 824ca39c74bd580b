package io.cellsprobe.probe;

import static io.cellsprobe.testing.CellsAnswers.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.DexTokenTransformer;
import io.cellsprobe.testing.TestJwt;
import io.cellsprobe.testing.TestTargets;

/** A healthy Cells: the probe succeeds and reports what it saw. */
class ProbeSuccessTest extends ProbeTestSupport {

    @Test
    void goodLoginAndOwnRecordIsSuccess() {
        ProbeResult result = probe();

        assertThat(result.failure()).isEmpty();
        assertThat(result.success()).isTrue();
        assertThat(result.target()).isEqualTo(TestTargets.NAME);
        assertThat(result.startedAt()).isEqualTo(NOW);
        assertTimed(result, EnumSet.of(Phase.TOKEN, Phase.USER));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.TOKEN, 200, Phase.USER, 200));
        assertThat(result.tokenLifetimeSeconds()).isEqualTo(OptionalLong.of(599));
        // exp of the issued token, not now + expires_in
        assertThat(result.tokenExpiresAt()).contains(NOW.plusSeconds(TestJwt.LIFETIME_SECONDS));
        assertThat(issuedIdTokens()).hasSize(1);
        assertNoSecretsIn(result);
    }

    @Test
    void expiresInAsStringIsAccepted() {
        // the public quick-start shows "599" as a string
        tokenAnswers(DexTokenTransformer.answer(validJwt(), "599"));
        userAnswers(user(TestTargets.USERNAME));

        ProbeResult result = probe();

        assertThat(result.failure()).isEmpty();
        assertThat(result.tokenLifetimeSeconds()).isEqualTo(OptionalLong.of(599));
    }

    @Test
    void tokenWithoutNonceClaimIsAccepted() {
        // the nonce is checked only when the server echoes it
        tokenAnswers(CellsAnswers.token(validJwt().encode(), 599));
        userAnswers(user(TestTargets.USERNAME));

        ProbeResult result = probe();

        assertThat(result.failure()).isEmpty();
        assertThat(result.tokenExpiresAt()).contains(NOW.plusSeconds(TestJwt.LIFETIME_SECONDS));
    }

    @Test
    void answerOfExactlyMaxBodyBytesIsStillRead() {
        // the cap is "larger than DEFAULT_MAX_BODY_BYTES": a body of exactly that size is fine
        String record = CellsAnswers.userJson(TestTargets.USERNAME);
        String padded = record + " ".repeat(CellsClient.DEFAULT_MAX_BODY_BYTES - record.length());
        userAnswers(CellsAnswers.json(200, padded));

        ProbeResult result = probe();

        assertThat(result.failure()).isEmpty();
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.TOKEN, 200, Phase.USER, 200));
    }

    @Test
    void trailingSlashInUrlIsNotDoubled() {
        ProbeResult result = probe(TestTargets.at(httpUrl() + "/").build());

        assertThat(result.failure()).isEmpty();
        cells.verify(1, WireMock.postRequestedFor(WireMock.urlEqualTo(TestTargets.TOKEN_PATH)));
    }
}
