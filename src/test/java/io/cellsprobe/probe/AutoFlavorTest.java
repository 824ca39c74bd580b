package io.cellsprobe.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.cellsprobe.config.AuthSettings;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.UserCheck;
import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.json.JsonObject;

/** auto: Dex's discovery document means Cells v1, Hydra's means v2+. */
class AutoFlavorTest extends ProbeTestSupport {

    private static final String DEX_DISCOVERY = "/auth/dex/.well-known/openid-configuration";
    private static final String HYDRA_DISCOVERY = "/oidc/.well-known/openid-configuration";
    private static final String SESSION_PATH = AuthSettings.DEFAULT_SESSION_PATH;
    private static final String ACCESS_TOKEN = "ory_at_AutoDetected4Kq9Zx2Lm7Bn3Tw8Ry.Pc1Dg5Fj0Se6Wq3Er9Ty";

    private Target autoTarget() {
        return target().auth(new AuthSettings(Flavor.AUTO, Optional.empty(), UserCheck.CELLS, SESSION_PATH,
                Optional.empty(), false)).build();
    }

    private void discoveryAt(String path, ResponseDefinitionBuilder answer) {
        cells.stubFor(get(urlEqualTo(path)).willReturn(answer));
    }

    private ResponseDefinitionBuilder discoveryDocument(String issuerPath) {
        String issuer = httpUrl() + issuerPath;
        return CellsAnswers.json(200, new JsonObject().put("issuer", issuer)
                .put("authorization_endpoint", issuer + "/auth")
                .put("token_endpoint", issuer + "/token")
                .put("jwks_uri", issuer + "/keys").encode());
    }

    private void sessionIssued() {
        cells.stubFor(post(urlEqualTo(SESSION_PATH)).willReturn(CellsAnswers.json(200, new JsonObject()
                .put("JWT", ACCESS_TOKEN)
                .put("ExpireTime", NOW.plusSeconds(600).getEpochSecond())
                .put("Token", new JsonObject().put("AccessToken", ACCESS_TOKEN)
                        .put("ExpiresAt", String.valueOf(NOW.plusSeconds(600).getEpochSecond())))
                .encode())));
    }

    @Test
    void dexDiscoveryMeansCellsV1PasswordGrant() {
        discoveryAt(DEX_DISCOVERY, discoveryDocument("/auth/dex"));
        discoveryAt(HYDRA_DISCOVERY, discoveryDocument("/oidc/"));
        sessionIssued();

        ProbeResult result = probe(autoTarget());

        assertThat(result.failure()).isEmpty();
        assertThat(result.flavor()).contains(Flavor.DEX_PASSWORD);
        assertTimed(result, EnumSet.of(Phase.DISCOVERY, Phase.TOKEN, Phase.USER));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 200, Phase.TOKEN, 200, Phase.USER, 200));
        cells.verify(1, getRequestedFor(urlEqualTo(DEX_DISCOVERY)));
        cells.verify(0, getRequestedFor(urlEqualTo(HYDRA_DISCOVERY)));
        cells.verify(1, postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)));
        cells.verify(0, postRequestedFor(urlEqualTo(SESSION_PATH)));
        // Cells v1's Bearer: the id_token
        assertThat(issuedIdTokens()).hasSize(1);
        cells.verify(1, getRequestedFor(urlEqualTo(USER_URL))
                .withHeader("Authorization", equalTo("Bearer " + issuedIdTokens().get(0))));
        assertNoSecretsIn(result);
    }

    @ParameterizedTest(name = "Dex discovery answers {0}")
    @ValueSource(strings = { "404", "html" })
    void hydraDiscoveryMeansCellsV2SessionLogin(String dexAnswer) {
        discoveryAt(DEX_DISCOVERY, dexAnswer.equals("html") ? CellsAnswers.loginPage()
                : aResponse().withStatus(404).withHeader("Content-Type", "text/plain").withBody("404 page not found"));
        discoveryAt(HYDRA_DISCOVERY, discoveryDocument("/oidc/"));
        sessionIssued();
        // the v1 server accepts only its own id_tokens: this user endpoint takes the session's access token
        userAnswers(CellsAnswers.user(TestTargets.USERNAME));

        ProbeResult result = probe(autoTarget());

        assertThat(result.failure()).isEmpty();
        assertThat(result.flavor()).contains(Flavor.FRONTEND_SESSION);
        assertTimed(result, EnumSet.of(Phase.DISCOVERY, Phase.SESSION, Phase.USER));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 200, Phase.SESSION, 200, Phase.USER, 200));
        assertThat(result.tokenExpiresAt()).contains(NOW.plusSeconds(600));
        cells.verify(1, getRequestedFor(urlEqualTo(DEX_DISCOVERY)));
        cells.verify(1, getRequestedFor(urlEqualTo(HYDRA_DISCOVERY)));
        cells.verify(0, postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)));
        cells.verify(1, postRequestedFor(urlEqualTo(SESSION_PATH)));
        // Cells v2+'s Bearer: the access token
        cells.verify(1, getRequestedFor(urlEqualTo(USER_URL))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));
        assertThat(result.toString()).doesNotContain(ACCESS_TOKEN);
    }

    @Test
    void neitherDiscoveryDocumentIsBadResponse() {
        // a web server that is not Cells: its login page (or any page) for every path
        discoveryAt(DEX_DISCOVERY, CellsAnswers.loginPage());
        discoveryAt(HYDRA_DISCOVERY, CellsAnswers.loginPage());
        sessionIssued();

        ProbeResult result = probe(autoTarget());

        ProbeFailure failure = result.failure().orElseThrow();
        assertThat(failure.reason()).as("reason (detail: %s)", failure.detail()).isEqualTo(FailureReason.BAD_RESPONSE);
        assertThat(failure.phase()).isEqualTo(Phase.DISCOVERY);
        assertThat(failure.detail()).contains(DEX_DISCOVERY, HYDRA_DISCOVERY);
        assertThat(result.flavor()).isEmpty();
        assertTimed(result, EnumSet.of(Phase.DISCOVERY));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 200));
        cells.verify(0, postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)));
        cells.verify(0, postRequestedFor(urlEqualTo(SESSION_PATH)));
        cells.verify(0, getRequestedFor(urlEqualTo(USER_URL)));
        assertNoSecretsIn(result);
    }

    @Test
    void jsonWithoutIssuerIsNoDiscoveryDocument() {
        discoveryAt(DEX_DISCOVERY, CellsAnswers.json(200, "{\"Title\":\"not found\"}"));
        discoveryAt(HYDRA_DISCOVERY, CellsAnswers.json(404, "{\"error\":\"not_found\"}"));

        ProbeResult result = probe(autoTarget());

        assertThat(result.failure().map(ProbeFailure::reason)).contains(FailureReason.BAD_RESPONSE);
        assertThat(result.failure().map(ProbeFailure::phase)).contains(Phase.DISCOVERY);
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 404));
    }

    @Test
    void detectedGenerationIsNotDiscoveredAgainOnTheNextProbe() {
        discoveryAt(DEX_DISCOVERY, CellsAnswers.loginPage());
        discoveryAt(HYDRA_DISCOVERY, discoveryDocument("/oidc/"));
        sessionIssued();
        // the v1 server accepts only its own id_tokens: this user endpoint takes the session's access token
        userAnswers(CellsAnswers.user(TestTargets.USERNAME));
        Target target = autoTarget();

        ProbeResult first = probe(target);
        ProbeResult second = probe(target);

        assertThat(first.failure()).isEmpty();
        assertThat(second.failure()).isEmpty();
        assertThat(second.flavor()).contains(Flavor.FRONTEND_SESSION);
        assertTimed(second, EnumSet.of(Phase.SESSION, Phase.USER));
        cells.verify(1, getRequestedFor(urlEqualTo(DEX_DISCOVERY)));
        cells.verify(1, getRequestedFor(urlEqualTo(HYDRA_DISCOVERY)));
        cells.verify(2, postRequestedFor(urlEqualTo(SESSION_PATH)));
    }
}
