package io.cellsprobe.probe;

import static io.cellsprobe.probe.FailureReason.BAD_RESPONSE;
import static io.cellsprobe.probe.FailureReason.CLIENT_REJECTED;
import static io.cellsprobe.probe.FailureReason.CREDENTIALS_REJECTED;
import static io.cellsprobe.probe.FailureReason.HTTP_ERROR;
import static io.cellsprobe.probe.FailureReason.TOKEN_INVALID;
import static io.cellsprobe.probe.Phase.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.DexTokenTransformer;
import io.cellsprobe.testing.TestJwt;

/** The token endpoint answers, but not with a usable token: the probe stops before the user step. */
class ProbeTokenStepTest extends ProbeTestSupport {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "401, invalid_client", "401, unauthorized_client" })
    void wrongApiKeyOrSecretIsClientRejected(int status, String error) {
        tokenAnswers(CellsAnswers.oauthError(status, error));

        ProbeFailure failure = assertFailure(probe(), CLIENT_REJECTED, TOKEN, Map.of(TOKEN, status));
        assertThat(failure.detail()).contains(status + " " + error);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "403, access_denied", "401, invalid_grant", "400, invalid_grant" })
    void refusedLoginIsCredentialsRejected(int status, String error) {
        tokenAnswers(CellsAnswers.oauthError(status, error));

        ProbeResult result = probe();

        ProbeFailure failure = assertFailure(result, CREDENTIALS_REJECTED, TOKEN, Map.of(TOKEN, status));
        assertThat(failure.detail()).contains(status + " " + error);
        assertThat(result.tokenLifetimeSeconds()).isEmpty();
        assertThat(result.tokenExpiresAt()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "500, server_error", "400, invalid_request", "403, insufficient_scope" })
    void otherTokenErrorIsHttpError(int status, String error) {
        tokenAnswers(CellsAnswers.oauthError(status, error));

        ProbeFailure failure = assertFailure(probe(), HTTP_ERROR, TOKEN, Map.of(TOKEN, status));
        assertThat(failure.detail()).contains(status + " " + error);
    }

    @Test
    void tokenRedirectIsNotFollowedAndIsHttpError() {
        tokenAnswers(WireMock.aResponse().withStatus(302).withHeader("Location", "/elsewhere/token"));
        cells.stubFor(WireMock.any(WireMock.urlEqualTo("/elsewhere/token"))
                .willReturn(DexTokenTransformer.answer(validJwt(), 599)));

        assertFailure(probe(), HTTP_ERROR, TOKEN, Map.of(TOKEN, 302));
        cells.verify(0, WireMock.anyRequestedFor(WireMock.urlEqualTo("/elsewhere/token")));
    }

    @Test
    void tokenAnsweringHtmlIsBadResponse() {
        // the gateway's login page answers 200 for any unknown path, e.g. a wrong token-path
        tokenAnswers(CellsAnswers.loginPage());

        ProbeFailure failure = assertFailure(probe(), BAD_RESPONSE, TOKEN, Map.of(TOKEN, 200));
        assertThat(failure.detail()).contains("text/html");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "{\"access_token\":\"abc\",\"id_token\":", "[]", "null", "\"text\"", "" })
    void brokenTokenJsonIsBadResponse(String body) {
        tokenAnswers(CellsAnswers.json(200, body));

        assertFailure(probe(), BAD_RESPONSE, TOKEN, Map.of(TOKEN, 200));
    }

    @ParameterizedTest(name = "expires_in {0}")
    @ValueSource(strings = { "\"soon\"", "true", "{}" })
    void nonNumericExpiresInIsBadResponse(String expiresIn) {
        tokenAnswers(CellsAnswers.json(200, "{\"id_token\":\"" + validJwt().encode() + "\",\"expires_in\":"
                + expiresIn + "}"));

        assertFailure(probe(), BAD_RESPONSE, TOKEN, Map.of(TOKEN, 200));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "{\"access_token\":\"abc\",\"expires_in\":599}",
            "{\"access_token\":\"abc\",\"id_token\":\"\"}", "{\"access_token\":\"abc\",\"id_token\":42}" })
    void missingIdTokenIsTokenInvalid(String body) {
        tokenAnswers(CellsAnswers.json(200, body));

        ProbeFailure failure = assertFailure(probe(), TOKEN_INVALID, TOKEN, Map.of(TOKEN, 200));
        assertThat(failure.detail()).contains("id_token");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "garbage-segment-one.garbage-segment-two.garbage-signature",
            "onlytwo-segments-eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3NzI0NTQ0MDB9",
            "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3NzI0NTQ0MDB9.c2ln.fourth-segment",
            "eyJhbGciOiJSUzI1NiJ9.abcde.c2lnbmF0dXJl",
            "eyJhbGciOiJSUzI1NiJ9.holds spaces!.c2lnbmF0dXJl",
            "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24gYXQgYWxs.c2lnbmF0dXJl" })
    void malformedJwtIsTokenInvalid(String idToken) {
        tokenAnswers(CellsAnswers.token(idToken, 599));

        ProbeResult result = probe();

        assertFailure(result, TOKEN_INVALID, TOKEN, Map.of(TOKEN, 200));
        assertThat(result.tokenExpiresAt()).isEmpty();
    }

    @Test
    void idTokenWithoutExpIsTokenInvalid() {
        tokenAnswers(CellsAnswers.token(validJwt().without("exp").encode(), 599));

        ProbeFailure failure = assertFailure(probe(), TOKEN_INVALID, TOKEN, Map.of(TOKEN, 200));
        assertThat(failure.detail()).contains("exp");
    }

    @ParameterizedTest(name = "exp = now {0} s")
    @ValueSource(longs = { -3600, -1, 0 })
    void expiredIdTokenIsTokenInvalid(long secondsFromNow) {
        // Cells checks exp with zero leeway: a token expiring now is already refused
        TestJwt expired = validJwt().expiresAt(NOW.plusSeconds(secondsFromNow));
        tokenAnswers(DexTokenTransformer.answer(expired, 599));

        ProbeResult result = probe();

        ProbeFailure failure = assertFailure(result, TOKEN_INVALID, TOKEN, Map.of(TOKEN, 200));
        assertThat(failure.detail()).contains("expired");
        // what was seen is still reported, for the dashboard
        assertThat(result.tokenExpiresAt()).contains(NOW.plusSeconds(secondsFromNow));
    }

    /** Not INTERNAL ("a bug of ours", logged with a stack trace): the server sent garbage. */
    @Test
    void expBeyondInstantRangeIsTokenInvalid() {
        tokenAnswers(CellsAnswers.token(validJwt().claim("exp", 99_999_999_999_999_999L).encode(), 599));

        assertFailure(probe(), TOKEN_INVALID, TOKEN, Map.of(TOKEN, 200));
    }

    @Test
    void nonceMismatchIsTokenInvalid() {
        // a replayed or cached answer carries another probe's nonce
        tokenAnswers(CellsAnswers.token(validJwt().nonce("nonce-of-another-probe").encode(), 599));

        ProbeFailure failure = assertFailure(probe(), TOKEN_INVALID, TOKEN, Map.of(TOKEN, 200));
        assertThat(failure.detail()).contains("nonce");
    }

    @ParameterizedTest(name = "expires_in {0}")
    @ValueSource(ints = { -1, 0 })
    void nonPositiveExpiresInIsTokenInvalid(int expiresIn) {
        tokenAnswers(DexTokenTransformer.answer(validJwt(), expiresIn));

        ProbeResult result = probe();

        ProbeFailure failure = assertFailure(result, TOKEN_INVALID, TOKEN, Map.of(TOKEN, 200));
        assertThat(failure.detail()).contains("expires_in is " + expiresIn);
        assertThat(result.tokenLifetimeSeconds()).isEqualTo(OptionalLong.of(expiresIn));
    }

    /**
     * Number.longValue() would wrap 2^64 + 599 to 599 (a false success), 2^64 - 1 to -1, and turn 1e400
     * (infinity) into Long.MAX_VALUE. As strings these fail to parse and are BAD_RESPONSE; as numbers too.
     */
    @ParameterizedTest(name = "expires_in {0}")
    @ValueSource(strings = { "18446744073709552215", "18446744073709551615", "1e400", "\"18446744073709552215\"" })
    void expiresInBeyondLongRangeIsBadResponse(String expiresIn) {
        tokenAnswers(CellsAnswers.json(200, "{\"id_token\":\"" + validJwt().encode() + "\",\"expires_in\":"
                + expiresIn + "}"));
        userAnswers(CellsAnswers.user("monitor"));

        ProbeResult result = probe();

        assertFailure(result, BAD_RESPONSE, TOKEN, Map.of(TOKEN, 200));
        assertThat(result.tokenLifetimeSeconds()).isEmpty();
    }
}
