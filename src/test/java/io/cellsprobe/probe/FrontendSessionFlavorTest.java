package io.cellsprobe.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.cellsprobe.config.AuthSettings;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.CellsV2Server;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.json.JsonObject;

/**
 * Cells v2 to v5 ({@link CellsV2Server}): {@code POST /a/frontend/session}, then the user record with
 * the access token. Session answers of other shapes (Cells v1's, v4's) are staged per test.
 */
class FrontendSessionFlavorTest extends ProbeTestSupport {

    private static final String SESSION_PATH = AuthSettings.DEFAULT_SESSION_PATH;
    /** Hydra's opaque access token: what Cells v2+ accepts as Bearer. */
    private static final String ACCESS_TOKEN = "ory_at_V2qk9Lm3xT7bN4wR8zP1cY6dF0gH5jKs.Qw3eR6tY9uI2oP5aS8dF";
    /** The session's JWT field; on v4 it differs from Token.AccessToken. */
    private static final String JWT_FIELD = "ory_at_JwtFieldNotTheAccessToken7Hq2Zx.Mn4bV7cX1zL8kJ5hG2fD";
    private static final String REFRESH_TOKEN = "ory_rt_Rf9sK2mQ7xL4vB8nT3wZ6pY1cD5gH0jE.Zx3cV6bN9mL2kJ5hG8fD";

    private CellsV2Server v2;

    @BeforeEach
    void startCellsV2() {
        v2 = cellsV2();
    }

    private ProbeResult probeSession() {
        return probe(sessionTarget().build());
    }

    /** Every session request is answered {@code answer}: for answers the probe must refuse before the user step. */
    private void sessionAnswers(ResponseDefinitionBuilder answer) {
        v2.stubFor(post(urlEqualTo(SESSION_PATH)).willReturn(answer));
    }

    /** The account's login is answered {@code session}; the user endpoint accepts {@code bearer} from it. */
    private void sessionAnswers(JsonObject session, String bearer) {
        v2.answerSession(session.encode(), bearer);
    }

    /** A Cells v4 answer: JWT, an absolute ExpireTime, and the Token object. */
    private static JsonObject v4Session(Object tokenExpiresAt, Object expireTime) {
        JsonObject token = new JsonObject()
                .put("AccessToken", ACCESS_TOKEN)
                .put("IDToken", validJwt().encode())
                .put("RefreshToken", REFRESH_TOKEN);
        if (tokenExpiresAt != null) {
            token.put("ExpiresAt", tokenExpiresAt);
        }
        JsonObject session = new JsonObject().put("JWT", JWT_FIELD).put("Token", token);
        if (expireTime != null) {
            session.put("ExpireTime", expireTime);
        }
        return session;
    }

    private static ResponseDefinitionBuilder json(JsonObject body) {
        return CellsAnswers.json(200, body.encode());
    }

    @Test
    void sessionRequestPostsCredentialsAsJsonWithoutBasicAuth() {
        ProbeResult result = probeSession();

        assertThat(result.failure()).isEmpty();
        List<LoggedRequest> sessions = v2.findAll(postRequestedFor(urlEqualTo(SESSION_PATH)));
        assertThat(sessions).hasSize(1);
        LoggedRequest session = sessions.get(0);
        assertThat(session.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(session.containsHeader("Authorization")).as("Authorization header sent").isFalse();
        JsonObject body = new JsonObject(session.getBodyAsString());
        assertThat(body.fieldNames()).containsExactly("AuthInfo");
        JsonObject authInfo = body.getJsonObject("AuthInfo");
        assertThat(authInfo.getMap()).containsOnly(
                Map.entry("login", TestTargets.USERNAME),
                Map.entry("password", TestTargets.PASSWORD),
                Map.entry("type", "credentials"));
        v2.verify(1, postRequestedFor(urlEqualTo(SESSION_PATH)).withRequestBody(equalToJson(
                new JsonObject().put("AuthInfo", new JsonObject().put("login", TestTargets.USERNAME)
                        .put("password", TestTargets.PASSWORD).put("type", "credentials")).encode())));
        // neither Dex nor any other login endpoint was asked
        v2.verify(0, postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)));
        v2.verify(2, anyRequestedFor(anyUrl()));
        // Cells v2's session: its access token is the Bearer, it lives 600 s
        assertThat(v2.issued("AccessToken")).hasSize(1);
        v2.verify(1, getRequestedFor(urlEqualTo(USER_URL))
                .withHeader("Authorization", equalTo("Bearer " + v2.issued("AccessToken").get(0))));
        assertThat(result.tokenExpiresAt()).contains(NOW.plusSeconds(600));
        assertNoSecretsIn(result);
    }

    @Test
    void sessionWithTokenUsesAccessTokenAsBearer() {
        sessionAnswers(v4Session(NOW.plusSeconds(3600).getEpochSecond(), NOW.plusSeconds(3600).getEpochSecond()),
                ACCESS_TOKEN);

        ProbeResult result = probeSession();

        assertThat(result.failure()).isEmpty();
        assertThat(result.flavor()).contains(Flavor.FRONTEND_SESSION);
        assertTimed(result, EnumSet.of(Phase.SESSION, Phase.USER));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.SESSION, 200, Phase.USER, 200));
        List<LoggedRequest> users = v2.findAll(getRequestedFor(urlEqualTo(USER_URL)));
        assertThat(users).hasSize(1);
        assertThat(users.get(0).getHeaders().getHeader("Authorization").values())
                .containsExactly("Bearer " + ACCESS_TOKEN);
        assertThat(result.toString()).doesNotContain(ACCESS_TOKEN, JWT_FIELD, REFRESH_TOKEN);
    }

    @Test
    void sessionWithOnlyJwtUsesJwtAsBearer() {
        // Cells v1's answer: no Token object, ExpireTime in seconds remaining
        String idToken = validJwt().encode();
        sessionAnswers(new JsonObject().put("JWT", idToken).put("ExpireTime", 599), idToken);

        ProbeResult result = probeSession();

        assertThat(result.failure()).isEmpty();
        v2.verify(1, getRequestedFor(urlEqualTo(USER_URL)).withHeader("Authorization", equalTo("Bearer " + idToken)));
        assertThat(result.toString()).doesNotContain(idToken);
    }

    @Test
    void tokenObjectWithoutAccessTokenFallsBackToJwt() {
        sessionAnswers(new JsonObject().put("JWT", JWT_FIELD)
                .put("Token", new JsonObject().put("ExpiresAt", NOW.plusSeconds(900).getEpochSecond())), JWT_FIELD);

        ProbeResult result = probeSession();

        assertThat(result.failure()).isEmpty();
        v2.verify(1, getRequestedFor(urlEqualTo(USER_URL)).withHeader("Authorization", equalTo("Bearer " + JWT_FIELD)));
        assertThat(result.tokenExpiresAt()).contains(NOW.plusSeconds(900));
    }

    @ParameterizedTest(name = "ExpiresAt as {0}")
    @ValueSource(strings = { "number", "string" })
    void tokenExpiresAtIsTheExpiry(String kind) {
        long expiresAt = NOW.plusSeconds(3600).getEpochSecond();
        // protobuf JSON writes 64-bit integers as strings; ExpireTime (599) must not win over ExpiresAt
        sessionAnswers(v4Session(kind.equals("number") ? expiresAt : String.valueOf(expiresAt), 599), ACCESS_TOKEN);

        ProbeResult result = probeSession();

        assertThat(result.failure()).isEmpty();
        assertThat(result.tokenExpiresAt()).contains(NOW.plusSeconds(3600));
        assertThat(result.tokenLifetimeSeconds()).isEqualTo(OptionalLong.of(3600));
    }

    @Test
    void relativeExpireTimeOfCellsV1CountsFromNow() {
        String idToken = validJwt().encode();
        sessionAnswers(new JsonObject().put("JWT", idToken).put("ExpireTime", 599), idToken);

        ProbeResult result = probeSession();

        assertThat(result.failure()).isEmpty();
        assertThat(result.tokenExpiresAt()).contains(NOW.plusSeconds(599));
        assertThat(result.tokenLifetimeSeconds()).isEqualTo(OptionalLong.of(599));
    }

    @Test
    void absoluteExpireTimeOfCellsV4IsAUnixTime() {
        long expireTime = NOW.plusSeconds(1800).getEpochSecond();
        sessionAnswers(new JsonObject().put("JWT", JWT_FIELD).put("ExpireTime", expireTime), JWT_FIELD);

        ProbeResult result = probeSession();

        assertThat(result.failure()).isEmpty();
        assertThat(result.tokenExpiresAt()).contains(NOW.plusSeconds(1800));
        assertThat(result.tokenLifetimeSeconds()).isEqualTo(OptionalLong.of(1800));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = { 401, 403 })
    void wrongPasswordIsCredentialsRejectedInSessionPhase(int status) {
        // Cells v4+ errors carry {Code, Title, Detail}
        sessionAnswers(CellsAnswers.json(status, new JsonObject().put("Code", "Unauthorized")
                .put("Title", "Login failed").put("Detail", "invalid credentials").encode()));

        ProbeResult result = probeSession();

        ProbeFailure failure = assertSessionFailure(result, FailureReason.CREDENTIALS_REJECTED, status);
        assertThat(failure.detail()).contains(String.valueOf(status));
        assertThat(result.tokenExpiresAt()).isEmpty();
        assertThat(result.tokenLifetimeSeconds()).isEmpty();
    }

    @Test
    void sessionServerErrorIsHttpError() {
        sessionAnswers(CellsAnswers.json(500, "{\"Code\":\"Internal\",\"Title\":\"storage failure\"}"));

        ProbeFailure failure = assertSessionFailure(probeSession(), FailureReason.HTTP_ERROR, 500);
        assertThat(failure.detail()).contains("500");
    }

    @Test
    void sessionAnsweringHtmlIsBadResponse() {
        // a wrong session-path reaches the gateway's login page: 200 text/html
        sessionAnswers(CellsAnswers.loginPage());

        ProbeFailure failure = assertSessionFailure(probeSession(), FailureReason.BAD_RESPONSE, 200);
        assertThat(failure.detail()).contains("text/html");
    }

    @ParameterizedTest(name = "ExpiresAt = now {0} s")
    @ValueSource(longs = { -3600, -1, 0 })
    void expiredExpiresAtIsTokenInvalid(long secondsFromNow) {
        sessionAnswers(json(v4Session(NOW.plusSeconds(secondsFromNow).getEpochSecond(), null)));

        ProbeFailure failure = assertSessionFailure(probeSession(), FailureReason.TOKEN_INVALID, 200);
        assertThat(failure.detail()).contains("expired");
    }

    /**
     * BUG (ProbeRun.session / SessionAnswer.interpret): the expired expiry is thrown away, so the
     * status keeps the previous session's future expiry while the failure says "expired". The
     * token step (ProbeRun.accepted) and a JWT personal access token both report what they saw.
     */
    @Test
    void expiredSessionStillReportsItsExpiry() {
        sessionAnswers(json(v4Session(NOW.minusSeconds(3600).getEpochSecond(), null)));

        ProbeResult result = probeSession();

        assertSessionFailure(result, FailureReason.TOKEN_INVALID, 200);
        assertThat(result.tokenExpiresAt()).contains(NOW.minusSeconds(3600));
    }

    @Test
    void absoluteExpireTimeInThePastIsTokenInvalid() {
        sessionAnswers(json(new JsonObject().put("JWT", JWT_FIELD)
                .put("ExpireTime", NOW.minusSeconds(60).getEpochSecond())));

        assertSessionFailure(probeSession(), FailureReason.TOKEN_INVALID, 200);
    }

    @Test
    void sessionWithoutAnyExpiryIsBadResponse() {
        sessionAnswers(json(new JsonObject().put("JWT", JWT_FIELD)));

        assertSessionFailure(probeSession(), FailureReason.BAD_RESPONSE, 200);
    }

    @Test
    void sessionWithoutAnyTokenIsTokenInvalid() {
        sessionAnswers(json(new JsonObject().put("ExpireTime", 599)));

        assertSessionFailure(probeSession(), FailureReason.TOKEN_INVALID, 200);
    }

    @Test
    void userRefusingSessionTokenIsUnauthorizedInUserPhase() {
        // the classic external-URL mismatch: a session is issued, every /a/ call answers 401
        v2.breakWith(CellsV2Server.Breakage.USER_UNAUTHORIZED);
        sessionAnswers(v4Session(NOW.plusSeconds(3600).getEpochSecond(), null), ACCESS_TOKEN);

        ProbeResult result = probeSession();

        ProbeFailure failure = result.failure().orElseThrow();
        assertThat(failure.reason()).isEqualTo(FailureReason.UNAUTHORIZED);
        assertThat(failure.phase()).isEqualTo(Phase.USER);
        assertTimed(result, EnumSet.of(Phase.SESSION, Phase.USER));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.SESSION, 200, Phase.USER, 401));
        assertThat(result.toString()).doesNotContain(ACCESS_TOKEN, JWT_FIELD, REFRESH_TOKEN);
        assertNoSecretsIn(result);
    }

    /** Failed in the session step: nothing else ran, no token or secret in the result. */
    private ProbeFailure assertSessionFailure(ProbeResult result, FailureReason reason, int status) {
        assertThat(result.success()).as("success of %s", result).isFalse();
        ProbeFailure failure = result.failure().orElseThrow();
        assertThat(failure.reason()).as("reason (detail: %s)", failure.detail()).isEqualTo(reason);
        assertThat(failure.phase()).as("phase (detail: %s)", failure.detail()).isEqualTo(Phase.SESSION);
        assertThat(failure.detail()).isNotBlank();
        assertThat(result.flavor()).contains(Flavor.FRONTEND_SESSION);
        assertTimed(result, EnumSet.of(Phase.SESSION));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.SESSION, status));
        v2.verify(0, getRequestedFor(urlEqualTo(USER_URL)));
        assertThat(result.toString()).doesNotContain(ACCESS_TOKEN, JWT_FIELD, REFRESH_TOKEN);
        assertNoSecretsIn(result);
        return failure;
    }
}
