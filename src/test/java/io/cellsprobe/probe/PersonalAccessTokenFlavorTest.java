package io.cellsprobe.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.cellsprobe.config.AuthSettings;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Secret;
import io.cellsprobe.config.SecretSource;
import io.cellsprobe.config.UserCheck;
import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.TestJwt;
import io.cellsprobe.testing.TestTargets;

/** A fixed Bearer ({@code cells admin user token}): no login at all, only the user step. */
class PersonalAccessTokenFlavorTest extends ProbeTestSupport {

    /** What {@code cells admin user token} prints on v4: opaque to the probe. */
    private static final String OPAQUE_PAT = "pat-Hq7Zx2Lm9Kv4Bn8Tw3Ry6Pc1Dg5Fj0Se.Wq3Er6Ty9Ui2Op5As8Df";

    private ProbeResult probeWith(String token) {
        return probe(target().auth(new AuthSettings(Flavor.PERSONAL_ACCESS_TOKEN, Optional.empty(), UserCheck.CELLS,
                AuthSettings.DEFAULT_SESSION_PATH, Optional.of(SecretSource.fixed(Secret.of(token))), false)).build());
    }

    @BeforeEach
    void everyLoginEndpointAnswersAsIfItWorked() {
        // if the probe asked any of them, it would get an answer: only the journal can tell
        cells.stubFor(post(urlEqualTo(AuthSettings.DEFAULT_SESSION_PATH))
                .willReturn(CellsAnswers.json(200, "{\"JWT\":\"session-jwt\",\"ExpireTime\":599}")));
    }

    @Test
    void jwtPatIsTheBearerOfTheOnlyRequest() {
        Instant exp = NOW.plusSeconds(24 * 3600);
        String pat = validJwt().expiresAt(exp).encode();
        userAnswers(CellsAnswers.user(TestTargets.USERNAME));

        ProbeResult result = probeWith(pat);

        assertThat(result.failure()).isEmpty();
        assertThat(result.flavor()).contains(Flavor.PERSONAL_ACCESS_TOKEN);
        assertTimed(result, EnumSet.of(Phase.USER));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.USER, 200));
        // the JWT's exp is the token's expiry; there is no expires_in
        assertThat(result.tokenExpiresAt()).contains(exp);
        assertThat(result.tokenLifetimeSeconds()).isEmpty();
        List<LoggedRequest> requests = cells.findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getMethod().getName()).isEqualTo("GET");
        assertThat(requests.get(0).getUrl()).isEqualTo(USER_URL);
        assertThat(requests.get(0).getHeaders().getHeader("Authorization").values()).containsExactly("Bearer " + pat);
        assertThat(result.toString()).doesNotContain(pat);
    }

    @Test
    void opaquePatWorksWithoutKnownExpiry() {
        userAnswers(CellsAnswers.user(TestTargets.USERNAME));

        ProbeResult result = probeWith(OPAQUE_PAT);

        assertThat(result.failure()).isEmpty();
        assertThat(result.tokenExpiresAt()).isEmpty();
        cells.verify(1, anyRequestedFor(anyUrl()));
        cells.verify(1, getRequestedFor(urlEqualTo(USER_URL))
                .withHeader("Authorization", equalTo("Bearer " + OPAQUE_PAT)));
    }

    @ParameterizedTest(name = "exp = now {0} s")
    @ValueSource(longs = { -86400, -1, 0 })
    void expiredJwtPatIsTokenInvalidWithoutRequest(long secondsFromNow) {
        Instant exp = NOW.plusSeconds(secondsFromNow);
        String pat = TestJwt.issuedAt(NOW.minusSeconds(2 * 86400), TestTargets.USERNAME).expiresAt(exp).encode();
        userAnswers(CellsAnswers.user(TestTargets.USERNAME));

        ProbeResult result = probeWith(pat);

        ProbeFailure failure = result.failure().orElseThrow();
        assertThat(failure.reason()).as("reason (detail: %s)", failure.detail()).isEqualTo(FailureReason.TOKEN_INVALID);
        assertThat(failure.phase()).isEqualTo(Phase.USER);
        assertThat(failure.detail()).contains("expired").doesNotContain(pat);
        assertThat(result.tokenExpiresAt()).contains(exp);
        assertThat(result.httpStatus()).isEmpty();
        assertTimed(result, EnumSet.noneOf(Phase.class));
        assertThat(cells.getAllServeEvents()).as("requests sent").isEmpty();
        assertThat(result.toString()).doesNotContain(pat);
        assertNoSecretsIn(result);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = { 401, 403 })
    void userRefusingPatIsUnauthorized(int status) {
        // a revoked or expired opaque token
        userAnswers(CellsAnswers.unauthorized().withStatus(status));

        ProbeResult result = probeWith(OPAQUE_PAT);

        ProbeFailure failure = result.failure().orElseThrow();
        assertThat(failure.reason()).as("reason (detail: %s)", failure.detail()).isEqualTo(FailureReason.UNAUTHORIZED);
        assertThat(failure.phase()).isEqualTo(Phase.USER);
        assertThat(failure.detail()).contains(String.valueOf(status)).doesNotContain(OPAQUE_PAT);
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.USER, status));
        assertTimed(result, EnumSet.of(Phase.USER));
        cells.verify(1, anyRequestedFor(anyUrl()));
        assertThat(result.toString()).doesNotContain(OPAQUE_PAT);
        assertNoSecretsIn(result);
    }

    @Test
    void patThatCannotBeABearerIsTokenInvalidWithoutRequest() {
        // a pasted token with a line break would smuggle a header
        userAnswers(CellsAnswers.user(TestTargets.USERNAME));

        ProbeResult result = probeWith(OPAQUE_PAT + "\r\nX-Injected: 1");

        ProbeFailure failure = result.failure().orElseThrow();
        assertThat(failure.reason()).isEqualTo(FailureReason.TOKEN_INVALID);
        assertThat(failure.phase()).isEqualTo(Phase.USER);
        assertThat(cells.getAllServeEvents()).isEmpty();
        assertThat(result.toString()).doesNotContain(OPAQUE_PAT);
    }
}
