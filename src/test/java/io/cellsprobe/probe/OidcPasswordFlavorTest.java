package io.cellsprobe.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.config.AuthSettings;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.UserCheck;
import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.FormData;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** A generic OpenID provider (Keycloak-like): discovery, password grant, then userinfo or Cells. */
class OidcPasswordFlavorTest extends ProbeTestSupport {

    private static final String REALM = "/realms/cells";
    private static final String DISCOVERY_PATH = REALM + "/.well-known/openid-configuration";
    private static final String TOKEN_PATH = REALM + "/protocol/openid-connect/token";
    private static final String USERINFO_PATH = REALM + "/protocol/openid-connect/userinfo";
    private static final String ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.a2V5Y2xvYWstYWNjZXNzLXRva2Vu.S2V5Y2xvYWstc2lnbmF0dXJl";
    private static final String SCOPE = "openid email profile";

    private String issuer() {
        return httpUrl() + REALM;
    }

    private Target oidcTarget(UserCheck userCheck) {
        return target().scope(SCOPE).auth(new AuthSettings(Flavor.OIDC_PASSWORD, Optional.of(URI.create(issuer())),
                userCheck, AuthSettings.DEFAULT_SESSION_PATH, Optional.empty(), false)).build();
    }

    private void discoveryAnswers(ResponseDefinitionBuilder answer) {
        cells.stubFor(get(urlEqualTo(DISCOVERY_PATH)).willReturn(answer));
    }

    private void discoveryServed() {
        discoveryAnswers(CellsAnswers.json(200, new JsonObject()
                .put("issuer", issuer())
                .put("authorization_endpoint", issuer() + "/protocol/openid-connect/auth")
                .put("token_endpoint", httpUrl() + TOKEN_PATH)
                .put("userinfo_endpoint", httpUrl() + USERINFO_PATH)
                .put("jwks_uri", issuer() + "/protocol/openid-connect/certs")
                .put("grant_types_supported", List.of("authorization_code", "password", "refresh_token"))
                .encode()));
    }

    private void providerTokenAnswers(ResponseDefinitionBuilder answer) {
        cells.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(answer));
    }

    /** Keycloak's answer: access token, id_token (scope openid), expires_in a number. */
    private void providerTokenIssued() {
        providerTokenAnswers(CellsAnswers.json(200, new JsonObject()
                .put("access_token", ACCESS_TOKEN)
                .put("expires_in", 300)
                .put("refresh_expires_in", 1800)
                .put("token_type", "Bearer")
                .put("id_token", validJwt().claim("iss", issuer()).encode())
                .put("scope", SCOPE)
                .encode()));
    }

    private void userinfoAnswers(String preferredUsername) {
        JsonObject userinfo = new JsonObject().put("sub", "4c1f0d7e-0000-4000-8000-000000000002")
                .put("email_verified", false);
        if (preferredUsername != null) {
            userinfo.put("preferred_username", preferredUsername);
        }
        cells.stubFor(get(urlEqualTo(USERINFO_PATH)).willReturn(CellsAnswers.json(200, userinfo.encode())));
    }

    @Test
    void discoveredTokenEndpointGetsPasswordGrantWithOpenidScope() {
        discoveryServed();
        providerTokenIssued();
        userinfoAnswers(TestTargets.USERNAME);

        ProbeResult result = probe(oidcTarget(UserCheck.USERINFO));

        assertThat(result.failure()).isEmpty();
        assertThat(result.flavor()).contains(Flavor.OIDC_PASSWORD);
        assertTimed(result, EnumSet.of(Phase.DISCOVERY, Phase.TOKEN, Phase.USER));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 200, Phase.TOKEN, 200, Phase.USER, 200));
        assertThat(result.tokenLifetimeSeconds()).isEqualTo(OptionalLong.of(300));
        cells.verify(1, getRequestedFor(urlEqualTo(DISCOVERY_PATH)));
        List<LoggedRequest> grants = cells.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH)));
        assertThat(grants).hasSize(1);
        LoggedRequest grant = grants.get(0);
        assertThat(FormData.basicCredentials(grant.getHeader("Authorization")))
                .containsExactly(TestTargets.API_KEY, TestTargets.API_SECRET);
        Map<String, String> form = FormData.parse(grant.getBodyAsString());
        assertThat(form).containsEntry("grant_type", "password")
                .containsEntry("username", TestTargets.USERNAME)
                .containsEntry("password", TestTargets.PASSWORD);
        assertThat(Arrays.asList(form.get("scope").split(" "))).contains("openid");
        // Cells' own token endpoint is not involved
        cells.verify(0, postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)));
    }

    @Test
    void userinfoIsReadWithTheAccessTokenAsBearer() {
        discoveryServed();
        providerTokenIssued();
        userinfoAnswers(TestTargets.USERNAME);

        assertThat(probe(oidcTarget(UserCheck.USERINFO)).success()).isTrue();

        List<LoggedRequest> userinfo = cells.findAll(getRequestedFor(urlEqualTo(USERINFO_PATH)));
        assertThat(userinfo).hasSize(1);
        assertThat(userinfo.get(0).getHeaders().getHeader("Authorization").values())
                .containsExactly("Bearer " + ACCESS_TOKEN);
        cells.verify(0, getRequestedFor(urlEqualTo(USER_URL)));
    }

    @ParameterizedTest(name = "preferred_username {0}")
    @ValueSource(strings = { "monitor", "MONITOR", "Monitor" })
    void userinfoOfSameUserIgnoringCaseIsSuccess(String preferredUsername) {
        discoveryServed();
        providerTokenIssued();
        userinfoAnswers(preferredUsername);

        ProbeResult result = probe(oidcTarget(UserCheck.USERINFO));

        assertThat(result.failure()).isEmpty();
    }

    @ParameterizedTest(name = "preferred_username {0}")
    @ValueSource(strings = { "someone-else", "monitor2", "" })
    void userinfoOfAnotherUserIsLoginMismatch(String preferredUsername) {
        discoveryServed();
        providerTokenIssued();
        userinfoAnswers(preferredUsername);

        ProbeResult result = probe(oidcTarget(UserCheck.USERINFO));

        ProbeFailure failure = assertOidcFailure(result, FailureReason.LOGIN_MISMATCH, Phase.USER);
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 200, Phase.TOKEN, 200, Phase.USER, 200));
        assertThat(failure.detail()).contains("preferred_username");
    }

    @Test
    void userinfoWithoutPreferredUsernameIsLoginMismatch() {
        discoveryServed();
        providerTokenIssued();
        userinfoAnswers(null);

        assertOidcFailure(probe(oidcTarget(UserCheck.USERINFO)), FailureReason.LOGIN_MISMATCH, Phase.USER);
    }

    @Test
    void userCheckCellsReadsCellsUserRecordWithAccessToken() {
        discoveryServed();
        providerTokenIssued();
        userinfoAnswers(TestTargets.USERNAME);
        userAnswers(CellsAnswers.user(TestTargets.USERNAME));

        ProbeResult result = probe(oidcTarget(UserCheck.CELLS));

        assertThat(result.failure()).isEmpty();
        cells.verify(1, getRequestedFor(urlEqualTo(USER_URL)).withHeader("Authorization",
                equalTo("Bearer " + ACCESS_TOKEN)));
        cells.verify(0, getRequestedFor(urlEqualTo(USERINFO_PATH)));
    }

    @Test
    void discoveryAnsweringHtmlIsBadResponse() {
        discoveryAnswers(CellsAnswers.loginPage());
        providerTokenIssued();
        userinfoAnswers(TestTargets.USERNAME);

        ProbeResult result = probe(oidcTarget(UserCheck.USERINFO));

        ProbeFailure failure = assertOidcFailure(result, FailureReason.BAD_RESPONSE, Phase.DISCOVERY);
        assertThat(failure.detail()).contains("text/html");
        assertTimed(result, EnumSet.of(Phase.DISCOVERY));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 200));
        cells.verify(0, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    @Test
    void discoveryWithoutTokenEndpointIsBadResponse() {
        discoveryAnswers(CellsAnswers.json(200, new JsonObject().put("issuer", issuer()).encode()));

        ProbeFailure failure = assertOidcFailure(probe(oidcTarget(UserCheck.USERINFO)), FailureReason.BAD_RESPONSE,
                Phase.DISCOVERY);
        assertThat(failure.detail()).contains("token_endpoint");
    }

    /**
     * BUG (ProbeRun.checkUser, Discovery.requireUserinfo): with user-check userinfo, a discovery
     * document without userinfo_endpoint is only noticed after the password grant, and the failure
     * is reported in phase token although the token endpoint answered fine.
     */
    @Test
    void discoveryWithoutUserinfoEndpointFailsInDiscoveryBeforeAnyPasswordIsSent() {
        discoveryAnswers(CellsAnswers.json(200, new JsonObject().put("issuer", issuer())
                .put("token_endpoint", httpUrl() + TOKEN_PATH).encode()));
        providerTokenIssued();

        ProbeResult result = probe(oidcTarget(UserCheck.USERINFO));

        ProbeFailure failure = assertOidcFailure(result, FailureReason.BAD_RESPONSE, Phase.DISCOVERY);
        assertThat(failure.detail()).contains("userinfo_endpoint");
        cells.verify(0, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    @Test
    void discoveryNotFoundIsHttpError() {
        discoveryAnswers(CellsAnswers.json(404, "{\"error\":\"Realm does not exist\"}"));

        ProbeResult result = probe(oidcTarget(UserCheck.USERINFO));

        assertOidcFailure(result, FailureReason.HTTP_ERROR, Phase.DISCOVERY);
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 404));
    }

    @Test
    void keycloakInvalidGrantIsCredentialsRejected() {
        discoveryServed();
        providerTokenAnswers(CellsAnswers.oauthError(401, "invalid_grant"));

        ProbeResult result = probe(oidcTarget(UserCheck.USERINFO));

        ProbeFailure failure = assertOidcFailure(result, FailureReason.CREDENTIALS_REJECTED, Phase.TOKEN);
        assertThat(failure.detail()).contains("401 invalid_grant");
        assertTimed(result, EnumSet.of(Phase.DISCOVERY, Phase.TOKEN));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 200, Phase.TOKEN, 401));
        cells.verify(0, getRequestedFor(urlEqualTo(USERINFO_PATH)));
    }

    @Test
    void keycloakUnauthorizedClientIsClientRejected() {
        discoveryServed();
        providerTokenAnswers(CellsAnswers.oauthError(401, "unauthorized_client"));

        ProbeResult result = probe(oidcTarget(UserCheck.USERINFO));

        ProbeFailure failure = assertOidcFailure(result, FailureReason.CLIENT_REJECTED, Phase.TOKEN);
        assertThat(failure.detail()).contains("401 unauthorized_client");
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 200, Phase.TOKEN, 401));
    }

    @Test
    void tokenAnswerWithoutAccessTokenIsTokenInvalid() {
        discoveryServed();
        providerTokenAnswers(CellsAnswers.json(200, new JsonObject().put("id_token", validJwt().encode())
                .put("expires_in", 300).encode()));

        ProbeFailure failure = assertOidcFailure(probe(oidcTarget(UserCheck.USERINFO)), FailureReason.TOKEN_INVALID,
                Phase.TOKEN);
        assertThat(failure.detail()).contains("access_token");
    }

    @Test
    void discoveryIsCachedAcrossProbesAndForgottenAfterAFailedOne() throws Exception {
        discoveryServed();
        providerTokenIssued();
        userinfoAnswers(TestTargets.USERNAME);
        Target target = oidcTarget(UserCheck.USERINFO);
        Vertx vertx = Vertx.vertx();
        try {
            Discoveries discoveries = new Discoveries();
            CellsLoginProbe probe = new CellsLoginProbe(new CellsClient(vertx), Clock.fixed(NOW, ZoneOffset.UTC),
                    discoveries, new HeldTokens());

            ProbeResult first = run(probe, target);
            assertThat(first.failure()).isEmpty();
            assertThat(first.durations()).containsKey(Phase.DISCOVERY);
            Discovery found = discoveries.get(target.name()).orElseThrow();
            assertThat(found.flavor()).isEqualTo(Flavor.OIDC_PASSWORD);
            assertThat(found.tokenEndpoint()).contains(URI.create(httpUrl() + TOKEN_PATH));
            assertThat(found.userinfoEndpoint()).contains(URI.create(httpUrl() + USERINFO_PATH));

            ProbeResult second = run(probe, target);
            assertThat(second.failure()).isEmpty();
            assertThat(second.durations()).doesNotContainKey(Phase.DISCOVERY);
            assertThat(second.httpStatus()).doesNotContainKey(Phase.DISCOVERY);
            cells.verify(1, getRequestedFor(urlEqualTo(DISCOVERY_PATH)));
            cells.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));

            // the provider breaks: the cached endpoints are used, and dropped with the failure
            providerTokenAnswers(CellsAnswers.oauthError(500, "server_error"));
            ProbeResult failed = run(probe, target);
            assertThat(failed.failure().map(ProbeFailure::reason)).contains(FailureReason.HTTP_ERROR);
            assertThat(failed.failure().map(ProbeFailure::phase)).contains(Phase.TOKEN);
            cells.verify(1, getRequestedFor(urlEqualTo(DISCOVERY_PATH)));
            assertThat(discoveries.get(target.name())).isEmpty();

            // the next probe discovers again
            providerTokenIssued();
            ProbeResult healed = run(probe, target);
            assertThat(healed.failure()).isEmpty();
            assertThat(healed.durations()).containsKey(Phase.DISCOVERY);
            cells.verify(2, getRequestedFor(urlEqualTo(DISCOVERY_PATH)));
            assertThat(discoveries.get(target.name())).isPresent();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, SECONDS);
        }
    }

    private static ProbeResult run(CellsLoginProbe probe, Target target) throws Exception {
        return probe.run(target).toCompletionStage().toCompletableFuture().get(10, SECONDS);
    }

    private ProbeFailure assertOidcFailure(ProbeResult result, FailureReason reason, Phase phase) {
        assertThat(result.success()).as("success of %s", result).isFalse();
        ProbeFailure failure = result.failure().orElseThrow();
        assertThat(failure.reason()).as("reason (detail: %s)", failure.detail()).isEqualTo(reason);
        assertThat(failure.phase()).as("phase (detail: %s)", failure.detail()).isEqualTo(phase);
        assertThat(failure.detail()).isNotBlank();
        assertThat(result.toString()).doesNotContain(ACCESS_TOKEN);
        assertNoSecretsIn(result);
        return failure;
    }
}
