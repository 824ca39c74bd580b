package io.cellsprobe.simulator;

import static io.cellsprobe.simulator.Simulator.PASSWORD;
import static io.cellsprobe.simulator.Simulator.json;
import static io.cellsprobe.simulator.Simulator.passwordGrant;
import static io.cellsprobe.simulator.SimulatedCellsTokenTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Ten consecutive wrong passwords block the account, even for the right password. */
class SimulatedCellsLockoutTest {

    /** What a real Cells v1 says for a wrong password, an unknown user, or any login with its database down. */
    private static final String CELLS_V1_WRONG_CREDENTIALS =
            "{\"id\":\"auth\",\"code\":401,\"detail\":\"cannot find username or password\",\"status\":\"Unauthorized\"}";

    private static final String BLOCKED = "has been blocked. Contact your sysadmin.";

    private final Simulator simulator = new Simulator();

    @Test
    void tenWrongPasswordsBlockTheAccountEvenForTheRightPassword() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertThat(json(simulator.wrongPassword()).get("error_description").asText())
                    .as("attempt %d", attempt).isEqualTo(CELLS_V1_WRONG_CREDENTIALS);
        }

        SimulatedAnswer answer = simulator.goodLogin();

        assertError(answer, 403, "access_denied");
        assertThat(json(answer).get("error_description").asText()).contains("User monitor " + BLOCKED);
    }

    @Test
    void aGoodLoginBeforeTheTenthResetsTheCount() {
        wrongPasswords(9);
        assertThat(simulator.goodLogin().status()).isEqualTo(200);

        wrongPasswords(9);
        assertThat(simulator.goodLogin().status()).isEqualTo(200);
    }

    @Test
    void resetUnblocksTheAccount() {
        wrongPasswords(10);
        assertThat(simulator.goodLogin().status()).isEqualTo(403);

        simulator.cells.reset();

        assertThat(simulator.goodLogin().status()).isEqualTo(200);
    }

    @Test
    void resetModeUnblocksTheAccount() {
        wrongPasswords(10);

        SimulatedAnswer answer = simulator.cells.setFault("reset");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(json(answer).get("accountBlocked").asBoolean()).isFalse();
        assertThat(simulator.goodLogin().status()).isEqualTo(200);
    }

    @Test
    void faultsReportTheLockoutState() {
        wrongPasswords(10);

        JsonNode state = json(simulator.cells.faults());

        assertThat(state.get("accountBlocked").asBoolean()).isTrue();
        assertThat(state.get("consecutiveWrongPasswords").asInt()).isEqualTo(10);
    }

    @Test
    void unknownUsersDoNotBlockTheAccount() {
        for (int attempt = 0; attempt < 10; attempt++) {
            simulator.token(passwordGrant("nobody", PASSWORD));
        }

        assertThat(simulator.goodLogin().status()).isEqualTo(200);
    }

    private void wrongPasswords(int count) {
        for (int attempt = 0; attempt < count; attempt++) {
            assertThat(simulator.wrongPassword().status()).isEqualTo(403);
        }
    }
}
