package io.cellsprobe.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.cellsprobe.config.AuthSettings;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.UserCheck;
import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.CellsV1Server;
import io.cellsprobe.testing.CellsV2Server;
import io.cellsprobe.testing.TestTargets;

/**
 * auto: Dex's discovery document means Cells v1 ({@link CellsV1Server}), Hydra's means v2+
 * ({@link CellsV2Server}).
 */
class AutoFlavorTest extends ProbeTestSupport {

    private static final String DEX_DISCOVERY = CellsV1Server.DEX_DISCOVERY_PATH;
    private static final String HYDRA_DISCOVERY = CellsV2Server.HYDRA_DISCOVERY_PATH;
    private static final String SESSION_PATH = AuthSettings.DEFAULT_SESSION_PATH;
    private static final AuthSettings AUTO = new AuthSettings(Flavor.AUTO, Optional.empty(), UserCheck.CELLS,
            SESSION_PATH, Optional.empty(), false);

    private Target autoTarget() {
        return target().auth(AUTO).build();
    }

    private Target autoTargetOfCellsV2() {
        return TestTargets.at(cellsV2().url()).auth(AUTO).build();
    }

    private static void discoveryAt(WireMockServer server, String path, ResponseDefinitionBuilder answer) {
        server.stubFor(get(urlEqualTo(path)).willReturn(answer));
    }

    @Test
    void dexDiscoveryMeansCellsV1PasswordGrant() {
        // were the probe to ask, Hydra's document too: Dex's is asked first and decides
        discoveryAt(cells, HYDRA_DISCOVERY, CellsAnswers.hydraDiscovery(httpUrl()));

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
        CellsV2Server v2 = cellsV2();
        // a real Cells v2 answers its web page there; a proxy in front may answer 404
        if (dexAnswer.equals("404")) {
            discoveryAt(v2, DEX_DISCOVERY,
                    aResponse().withStatus(404).withHeader("Content-Type", "text/plain").withBody("404 page not found"));
        }

        ProbeResult result = probe(autoTargetOfCellsV2());

        assertThat(result.failure()).isEmpty();
        assertThat(result.flavor()).contains(Flavor.FRONTEND_SESSION);
        assertTimed(result, EnumSet.of(Phase.DISCOVERY, Phase.SESSION, Phase.USER));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 200, Phase.SESSION, 200, Phase.USER, 200));
        assertThat(result.tokenExpiresAt()).contains(NOW.plusSeconds(600));
        v2.verify(1, getRequestedFor(urlEqualTo(DEX_DISCOVERY)));
        v2.verify(1, getRequestedFor(urlEqualTo(HYDRA_DISCOVERY)));
        v2.verify(0, postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)));
        v2.verify(1, postRequestedFor(urlEqualTo(SESSION_PATH)));
        // Cells v2+'s Bearer: the access token
        assertThat(v2.issued("AccessToken")).hasSize(1);
        v2.verify(1, getRequestedFor(urlEqualTo(USER_URL))
                .withHeader("Authorization", equalTo("Bearer " + v2.issued("AccessToken").get(0))));
        assertNoSecretsIn(result);
    }

    @Test
    void neitherDiscoveryDocumentIsBadResponse() {
        // a web server that is not Cells: its login page (or any page) for every path
        CellsV2Server v2 = cellsV2();
        discoveryAt(v2, DEX_DISCOVERY, CellsAnswers.loginPage());
        discoveryAt(v2, HYDRA_DISCOVERY, CellsAnswers.loginPage());

        ProbeResult result = probe(autoTargetOfCellsV2());

        ProbeFailure failure = result.failure().orElseThrow();
        assertThat(failure.reason()).as("reason (detail: %s)", failure.detail()).isEqualTo(FailureReason.BAD_RESPONSE);
        assertThat(failure.phase()).isEqualTo(Phase.DISCOVERY);
        assertThat(failure.detail()).contains(DEX_DISCOVERY, HYDRA_DISCOVERY);
        assertThat(result.flavor()).isEmpty();
        assertTimed(result, EnumSet.of(Phase.DISCOVERY));
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 200));
        v2.verify(0, postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)));
        v2.verify(0, postRequestedFor(urlEqualTo(SESSION_PATH)));
        v2.verify(0, getRequestedFor(urlEqualTo(USER_URL)));
        assertNoSecretsIn(result);
    }

    @Test
    void jsonWithoutIssuerIsNoDiscoveryDocument() {
        discoveryAt(cells, DEX_DISCOVERY, CellsAnswers.json(200, "{\"Title\":\"not found\"}"));
        discoveryAt(cells, HYDRA_DISCOVERY, CellsAnswers.json(404, "{\"error\":\"not_found\"}"));

        ProbeResult result = probe(autoTarget());

        assertThat(result.failure().map(ProbeFailure::reason)).contains(FailureReason.BAD_RESPONSE);
        assertThat(result.failure().map(ProbeFailure::phase)).contains(Phase.DISCOVERY);
        assertThat(result.httpStatus()).isEqualTo(Map.of(Phase.DISCOVERY, 404));
    }

    @Test
    void detectedGenerationIsNotDiscoveredAgainOnTheNextProbe() {
        CellsV2Server v2 = cellsV2();
        Target target = autoTargetOfCellsV2();

        ProbeResult first = probe(target);
        ProbeResult second = probe(target);

        assertThat(first.failure()).isEmpty();
        assertThat(second.failure()).isEmpty();
        assertThat(second.flavor()).contains(Flavor.FRONTEND_SESSION);
        assertTimed(second, EnumSet.of(Phase.SESSION, Phase.USER));
        v2.verify(1, getRequestedFor(urlEqualTo(DEX_DISCOVERY)));
        v2.verify(1, getRequestedFor(urlEqualTo(HYDRA_DISCOVERY)));
        v2.verify(2, postRequestedFor(urlEqualTo(SESSION_PATH)));
    }
}
