package io.cellsprobe.simulator;

import static io.cellsprobe.simulator.Simulator.LOGIN;
import static io.cellsprobe.simulator.Simulator.NONCE;
import static io.cellsprobe.simulator.Simulator.json;
import static io.cellsprobe.simulator.SimulatedCellsTokenTest.assertError;
import static io.cellsprobe.simulator.SimulatedCellsUserTest.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Each fault mode gives the answer its Javadoc documents, and only in the step it names. */
class SimulatedFaultTest {

    private final Simulator simulator = new Simulator();

    @Test
    void modeNamesAreLowerCaseWithDashes() {
        assertThat(SimulatedFault.modeNames()).containsExactly("none", "down", "slow", "hang", "wrong-client",
                "wrong-password", "html", "external-url-mismatch", "expired-token", "nonce-mismatch",
                "user-not-found", "login-mismatch", "bad-json", "expires-in-string", "unavailable", "database-down",
                "account-locked");
    }

    @Test
    void switchingReportsTheNewMode() {
        SimulatedAnswer answer = simulator.cells.setFault("external-url-mismatch");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(json(answer).get("fault").asText()).isEqualTo("external-url-mismatch");
        assertThat(simulator.cells.fault()).isEqualTo(SimulatedFault.EXTERNAL_URL_MISMATCH);
        assertThat(json(simulator.cells.faults()).get("fault").asText()).isEqualTo("external-url-mismatch");
    }

    @Test
    void unknownModeIsNotFoundAndListsTheModes() {
        SimulatedAnswer answer = simulator.cells.setFault("HTML");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(json(answer).get("modes")).hasSize(SimulatedFault.values().length);
        assertThat(json(answer).get("actions").get(0).asText()).isEqualTo("reset");
        assertThat(simulator.cells.fault()).isEqualTo(SimulatedFault.NONE);
    }

    @Test
    void noneIsHealthy() {
        simulator.cells.setFault("down");
        simulator.cells.setFault("none");

        assertThat(simulator.user(simulator.idToken()).status()).isEqualTo(200);
    }

    @Test
    void downFailsTheTokenStepWithServerError() {
        simulator.cells.setFault("down");

        SimulatedAnswer answer = simulator.goodLogin();

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(json(answer)).isEqualTo(json("{\"error\":\"server_error\"}"));
    }

    @Test
    void slowDelaysBothStepsByOneAndAHalfSeconds() {
        String idToken = simulator.idToken();
        simulator.cells.setFault("slow");

        SimulatedAnswer token = simulator.goodLogin();
        SimulatedAnswer user = simulator.user(idToken);

        assertThat(token.status()).isEqualTo(200);
        assertThat(token.delay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.delay()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void hangDelaysTheTokenStepBySixtySeconds() {
        String idToken = simulator.idToken();
        simulator.cells.setFault("hang");

        assertThat(simulator.goodLogin().delay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(simulator.user(idToken).delay()).isZero();
    }

    @Test
    void wrongClientRejectsTheRightClient() {
        simulator.cells.setFault("wrong-client");

        assertError(simulator.goodLogin(), 401, "invalid_client");
    }

    @Test
    void wrongPasswordRejectsTheRightPasswordAndCountsTowardsTheLockout() {
        simulator.cells.setFault("wrong-password");

        for (int attempt = 0; attempt < 10; attempt++) {
            assertError(simulator.goodLogin(), 403, "access_denied");
        }
        simulator.cells.setFault("none");

        SimulatedAnswer answer = simulator.goodLogin();
        assertError(answer, 403, "access_denied");
        assertThat(json(answer).get("error_description").asText()).contains("has been blocked");
    }

    @Test
    void databaseDownRefusesTheRightPasswordWithTheBytesOfAWrongOneAndCountsNoLockout() {
        String idToken = simulator.idToken();
        simulator.cells.setFault("database-down");

        SimulatedAnswer refused = simulator.goodLogin();
        simulator.cells.setFault("none");
        SimulatedAnswer wrongPassword = simulator.wrongPassword();
        simulator.cells.setFault("database-down");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo(wrongPassword.body());
        for (int attempt = 0; attempt < 12; attempt++) {
            simulator.goodLogin();
        }
        assertThat(json(simulator.cells.faults()).get("consecutiveWrongPasswords").asInt())
                .as("only the real wrong password counts").isEqualTo(1);
        SimulatedAnswer user = simulator.user(idToken);
        assertThat(user.status()).as("a token issued before the outage").isEqualTo(401);
        assertThat(user.contentType()).startsWith("text/plain");
        assertThat(user.body()).isEqualTo("Unauthorized.");
        assertThat(simulator.cells.bootconf().status()).isEqualTo(401);
        assertThat(simulator.cells.bootconf().body()).isEqualTo("Unauthorized.");
    }

    @Test
    void bootconfAnswersJsonWithoutCredentialsWhileHealthy() {
        SimulatedAnswer bootconf = simulator.cells.bootconf();

        assertThat(bootconf.status()).isEqualTo(200);
        assertThat(bootconf.contentType()).isEqualTo("application/json");
        assertThat(json(bootconf).get("ENDPOINT_REST_API").asText()).isEqualTo("/a");
    }

    @Test
    void accountLockedRefusesTheRightPasswordAsBlockedAndItsTokensUntilUnlocked() {
        String idToken = simulator.idToken();
        simulator.cells.setFault("account-locked");

        SimulatedAnswer answer = simulator.goodLogin();

        assertError(answer, 403, "access_denied");
        assertThat(json(answer).get("error_description").asText())
                .contains("User monitor has been blocked. Contact your sysadmin.");
        assertThat(simulator.user(idToken).status()).isEqualTo(401);
        simulator.cells.setFault("none");
        assertThat(simulator.user(idToken).status()).as("unlocked").isEqualTo(200);
        assertThat(simulator.goodLogin().status()).isEqualTo(200);
    }

    @Test
    void htmlAnswersTheLoginPageWithStatus200() {
        String idToken = simulator.idToken();
        simulator.cells.setFault("html");

        SimulatedAnswer answer = simulator.user(idToken);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/html");
        assertThat(answer.body()).startsWith("<!DOCTYPE html>").contains("<title>Pydio Cells</title>");
    }

    @Test
    void externalUrlMismatchIssuesTokensButRefusesEveryUserCall() {
        simulator.cells.setFault("external-url-mismatch");

        String idToken = simulator.idToken();

        assertUnauthorized(simulator.user(idToken));
    }

    @Test
    void expiredTokenIssuesAnIdTokenAlreadyPastItsExpiry() {
        simulator.cells.setFault("expired-token");

        String idToken = simulator.idToken();
        simulator.cells.setFault("none");

        JsonNode claims = Jwts.payload(idToken);
        assertThat(Instant.ofEpochSecond(claims.get("exp").asLong())).isBefore(Simulator.START);
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(600);
        assertUnauthorized(simulator.user(idToken));
    }

    @Test
    void nonceMismatchEchoesAnotherNonce() {
        simulator.cells.setFault("nonce-mismatch");

        String nonce = Jwts.payload(simulator.idToken()).get("nonce").asText();

        assertThat(nonce).isNotEmpty().isNotEqualTo(NONCE);
    }

    @Test
    void userNotFoundAnswers404ForTheMonitoringLogin() {
        String idToken = simulator.idToken();
        simulator.cells.setFault("user-not-found");

        SimulatedAnswer answer = simulator.user(idToken);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(json(answer).get("Title").asText()).isEqualTo("cannot find user with login " + LOGIN);
    }

    @Test
    void loginMismatchAnswersAnotherUsersRecord() {
        String idToken = simulator.idToken();
        simulator.cells.setFault("login-mismatch");

        SimulatedAnswer answer = simulator.user(idToken);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(json(answer).get("Login").asText()).isNotEqualTo(LOGIN).isEqualTo("admin");
    }

    @Test
    void badJsonAnswersATruncatedJsonBody() {
        simulator.cells.setFault("bad-json");

        SimulatedAnswer answer = simulator.goodLogin();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.body()).startsWith("{\"access_token\":");
        assertThatThrownBy(() -> new ObjectMapper().readTree(answer.body()))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void expiresInStringIsStillAWorkingLogin() {
        simulator.cells.setFault("expires-in-string");

        JsonNode body = json(simulator.goodLogin());

        assertThat(body.get("expires_in").isTextual()).isTrue();
        assertThat(body.get("expires_in").asText()).isEqualTo("599");
        assertThat(simulator.user(body.get("id_token").asText()).status()).isEqualTo(200);
    }

    @Test
    void unavailableAnswers503OnTheUserStep() {
        String idToken = simulator.idToken();
        simulator.cells.setFault("unavailable");

        SimulatedAnswer answer = simulator.user(idToken);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.contentType()).startsWith("text/plain");
        assertThat(answer.body()).isEqualTo("Service unavailable.");
    }
}
