package io.cellsprobe.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.cellsprobe.config.AuthSettings;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.UserCheck;
import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.CellsV2Server;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.json.JsonObject;

/**
 * A refused login is judged by evidence that costs the account nothing, because a Cells whose
 * database is down refuses the right password exactly like a wrong one (docs/cells-api.md).
 */
class RefusedLoginEvidenceTest extends ProbeTestSupport {

    private static final String SESSION_PATH = AuthSettings.DEFAULT_SESSION_PATH;
    private static final Optional<Refusal> BACKEND_REFUSAL =
            Optional.of(new Refusal(FailureReason.BACKEND_UNAVAILABLE, Phase.TOKEN));
    private static final Optional<Refusal> LOCKED_REFUSAL =
            Optional.of(new Refusal(FailureReason.ACCOUNT_LOCKED, Phase.TOKEN));

    @Test
    void databaseDownOnCellsV1WithNoTokenHeldIsBackendUnavailable() {
        tokenAnswers(CellsAnswers.v1LoginRefused());
        bootconfAnswers(CellsAnswers.unauthorized());

        ProbeFailure failure = refused(probe(), FailureReason.BACKEND_UNAVAILABLE, Phase.TOKEN);

        assertThat(failure.detail()).contains("/a/frontend/bootconf", "answered 401", "not the password");
        cells.verify(1, getRequestedFor(urlEqualTo(CellsAnswers.BOOTCONF_PATH)));
    }

    @Test
    void databaseDownOnCellsV1WithATokenHeldIsBackendUnavailable() {
        Target target = target().build();
        assertThat(probe(target).success()).isTrue();
        tokenAnswers(CellsAnswers.v1LoginRefused());
        userAnswers(CellsAnswers.unauthorized());

        ProbeFailure failure = refused(probe(target), FailureReason.BACKEND_UNAVAILABLE, Phase.TOKEN);

        assertThat(failure.detail()).contains("the token of the last success is refused too");
        cells.verify(0, getRequestedFor(urlEqualTo(CellsAnswers.BOOTCONF_PATH)));
        cells.verify(2, getRequestedFor(urlEqualTo(USER_URL)));
    }

    @Test
    void wrongPasswordWhileTheHeldTokenIsAcceptedIsCredentialsRejected() {
        Target target = target().build();
        assertThat(probe(target).success()).isTrue();
        tokenAnswers(CellsAnswers.v1LoginRefused());
        bootconfAnswers(CellsAnswers.unauthorized());

        refused(probe(target), FailureReason.CREDENTIALS_REJECTED, Phase.TOKEN);
        cells.verify(0, getRequestedFor(urlEqualTo(CellsAnswers.BOOTCONF_PATH)));
    }

    @Test
    void wrongPasswordWhileBootconfAnswersIsCredentialsRejected() {
        tokenAnswers(CellsAnswers.v1LoginRefused());

        refused(probe(), FailureReason.CREDENTIALS_REJECTED, Phase.TOKEN);
    }

    @Test
    void databaseDownOnCellsV2IsBackendUnavailableAtTheSessionStep() {
        cellsV2().breakWith(CellsV2Server.Breakage.DATABASE_DOWN);

        ProbeFailure failure = refused(probe(sessionTarget().build()), FailureReason.BACKEND_UNAVAILABLE, Phase.SESSION);

        assertThat(failure.detail()).contains("/a/frontend/bootconf", "answered 401", "not the password");
        cellsV2().verify(1, getRequestedFor(urlEqualTo(CellsAnswers.BOOTCONF_PATH)));
    }

    @Test
    void databaseDownOnCellsV2WithATokenHeldIsBackendUnavailable() {
        Target target = sessionTarget().build();
        assertThat(probe(target).success()).isTrue();
        cellsV2().breakWith(CellsV2Server.Breakage.DATABASE_DOWN);

        ProbeFailure failure = refused(probe(target), FailureReason.BACKEND_UNAVAILABLE, Phase.SESSION);

        assertThat(failure.detail()).contains("the token of the last success is refused too");
        cellsV2().verify(0, getRequestedFor(urlEqualTo(CellsAnswers.BOOTCONF_PATH)));
        cellsV2().verify(2, getRequestedFor(urlEqualTo(USER_URL)));
    }

    @Test
    void wrongPasswordOnCellsV2IsCredentialsRejected() {
        refused(probe(sessionTarget().password(TestTargets.fixed("Wr0ng+pass%word:v2-never-shown")).build()),
                FailureReason.CREDENTIALS_REJECTED, Phase.SESSION);
        cellsV2().verify(1, getRequestedFor(urlEqualTo(CellsAnswers.BOOTCONF_PATH)));
    }

    @Test
    void unreachableEvidenceIsBackendUnavailableNotThePassword() {
        tokenAnswers(CellsAnswers.v1LoginRefused());
        bootconfAnswers(CellsAnswers.loginPage());

        refused(probe(), FailureReason.BACKEND_UNAVAILABLE, Phase.TOKEN);
    }

    @Test
    void whileCellsLooksBrokenNoPasswordIsSent() {
        tokenAnswers(CellsAnswers.v1LoginRefused());
        bootconfAnswers(CellsAnswers.unauthorized());

        ProbeResult result = probe(target().build(), BACKEND_REFUSAL);

        ProbeFailure failure = result.failure().orElseThrow();
        assertThat(failure.reason()).isEqualTo(FailureReason.BACKEND_UNAVAILABLE);
        assertThat(failure.phase()).isEqualTo(Phase.TOKEN);
        assertThat(failure.loginRefused()).as("no login was sent, so none was refused").isFalse();
        assertThat(failure.detail()).startsWith("no login sent");
        cells.verify(0, postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)));
        assertNoSecretsIn(result);
    }

    @Test
    void theFirstRunAfterCellsRecoversLogsIn() {
        assertThat(probe(target().build(), BACKEND_REFUSAL).success()).isTrue();
        cells.verify(1, getRequestedFor(urlEqualTo(CellsAnswers.BOOTCONF_PATH)));
        cells.verify(1, postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)));
    }

    @Test
    void aRefusalAfterAHealthyLookIsJudgedWithoutASecondLook() {
        tokenAnswers(CellsAnswers.v1LoginRefused());

        refused(probe(target().build(), BACKEND_REFUSAL), FailureReason.CREDENTIALS_REJECTED, Phase.TOKEN);
        cells.verify(1, getRequestedFor(urlEqualTo(CellsAnswers.BOOTCONF_PATH)));
    }

    @Test
    void blockedAccountOnCellsV1IsAccountLocked() {
        tokenAnswers(CellsAnswers.v1AccountBlocked(TestTargets.USERNAME));

        ProbeFailure failure = refused(probe(), FailureReason.ACCOUNT_LOCKED, Phase.TOKEN);

        assertThat(failure.detail()).contains("locked", "unlock");
        cells.verify(0, getRequestedFor(urlEqualTo(CellsAnswers.BOOTCONF_PATH)));
    }

    @Test
    void lockedAccountOnCellsV2IsAccountLocked() {
        cellsV2().breakWith(CellsV2Server.Breakage.ACCOUNT_LOCKED);

        ProbeFailure failure = refused(probe(sessionTarget().build()), FailureReason.ACCOUNT_LOCKED, Phase.SESSION);

        assertThat(failure.detail()).contains("locked", "unlock");
        cellsV2().verify(0, getRequestedFor(urlEqualTo(CellsAnswers.BOOTCONF_PATH)));
    }

    @Test
    void keycloakDisabledAccountIsAccountLocked() {
        tokenAnswers(CellsAnswers.json(400, new JsonObject().put("error", "invalid_grant")
                .put("error_description", "Account temporarily disabled").encode()));

        refused(probe(), FailureReason.ACCOUNT_LOCKED, Phase.TOKEN);
    }

    @Test
    void lockedAccountWhoseHeldTokenIsRefusedSendsNoPassword() {
        Target target = target().build();
        assertThat(probe(target).success()).isTrue();
        userAnswers(CellsAnswers.unauthorized());

        ProbeFailure failure = probe(target, LOCKED_REFUSAL).failure().orElseThrow();

        assertThat(failure.reason()).isEqualTo(FailureReason.ACCOUNT_LOCKED);
        assertThat(failure.loginRefused()).isFalse();
        cells.verify(1, postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)));
    }

    @Test
    void lockedAccountWhoseHeldTokenIsAcceptedAgainLogsIn() {
        Target target = target().build();
        assertThat(probe(target).success()).isTrue();

        assertThat(probe(target, LOCKED_REFUSAL).success()).isTrue();
        cells.verify(2, postRequestedFor(urlEqualTo(TestTargets.TOKEN_PATH)));
    }

    @Test
    void lockedAccountWithNoTokenHeldLogsInAsTheCautiousRetry() {
        tokenAnswers(CellsAnswers.v1AccountBlocked(TestTargets.USERNAME));

        refused(probe(target().build(), LOCKED_REFUSAL), FailureReason.ACCOUNT_LOCKED, Phase.TOKEN);
        cells.verify(0, getRequestedFor(urlEqualTo(CellsAnswers.BOOTCONF_PATH)));
    }

    @Test
    void oidcProviderThatRefusesTheLoginAndItsOwnDiscoveryIsBackendUnavailable() {
        String realm = "/realms/cells";
        String discovery = realm + "/.well-known/openid-configuration";
        cells.stubFor(get(urlEqualTo(discovery)).inScenario("provider").whenScenarioStateIs(STARTED)
                .willSetStateTo("failing").willReturn(CellsAnswers.json(200, new JsonObject()
                        .put("issuer", httpUrl() + realm)
                        .put("token_endpoint", httpUrl() + realm + "/token").encode())));
        cells.stubFor(get(urlEqualTo(discovery)).inScenario("provider").whenScenarioStateIs("failing")
                .willReturn(CellsAnswers.json(503, "{}")));
        cells.stubFor(post(urlEqualTo(realm + "/token")).willReturn(CellsAnswers.oauthError(401, "invalid_grant")));
        Target target = target().auth(new AuthSettings(Flavor.OIDC_PASSWORD, Optional.of(URI.create(httpUrl() + realm)),
                UserCheck.CELLS, SESSION_PATH, Optional.empty(), false)).build();

        refused(probe(target), FailureReason.BACKEND_UNAVAILABLE, Phase.TOKEN);
        cells.verify(0, getRequestedFor(urlEqualTo(CellsAnswers.BOOTCONF_PATH)));
    }

    private ProbeFailure refused(ProbeResult result, FailureReason reason, Phase phase) {
        ProbeFailure failure = result.failure().orElseThrow(() -> new AssertionError("expected a failure: " + result));
        assertThat(failure.reason()).as("reason (detail: %s)", failure.detail()).isEqualTo(reason);
        assertThat(failure.phase()).as("phase").isEqualTo(phase);
        assertThat(failure.loginRefused()).as("a login was sent and refused").isTrue();
        assertNoSecretsIn(result);
        return failure;
    }

    private void bootconfAnswers(ResponseDefinitionBuilder answer) {
        cells.stubFor(get(urlEqualTo(CellsAnswers.BOOTCONF_PATH)).willReturn(answer));
    }
}
