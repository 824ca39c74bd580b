package io.cellsprobe.simulator;

import static io.cellsprobe.simulator.Simulator.CLIENT_ID;
import static io.cellsprobe.simulator.Simulator.CLIENT_SECRET;
import static io.cellsprobe.simulator.Simulator.LOGIN;
import static io.cellsprobe.simulator.Simulator.PASSWORD;
import static io.cellsprobe.simulator.Simulator.basic;
import static io.cellsprobe.simulator.Simulator.json;
import static io.cellsprobe.simulator.Simulator.passwordGrant;
import static io.cellsprobe.simulator.Simulator.rawBasic;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/** The token step against each row of the contract's error table, and its success answer. */
class SimulatedCellsTokenTest {

    /** What a real Cells v1 says for a wrong password, an unknown user, or any login with its database down. */
    private static final String CELLS_V1_WRONG_CREDENTIALS =
            "{\"id\":\"auth\",\"code\":401,\"detail\":\"cannot find username or password\",\"status\":\"Unauthorized\"}";

    private final Simulator simulator = new Simulator();

    @Test
    void goodLoginAnswersBearerTokensAsJson() {
        SimulatedAnswer answer = simulator.goodLogin();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.delay()).isZero();
        JsonNode body = json(answer);
        assertThat(body.get("access_token").asText()).hasSize(26);
        assertThat(body.get("token_type").asText()).isEqualTo("bearer");
        assertThat(body.get("expires_in").isInt()).as("expires_in is a JSON number").isTrue();
        assertThat(body.get("expires_in").asInt()).isEqualTo(599);
        assertThat(body.get("id_token").asText().split("\\.")).hasSize(3);
        assertThat(body.has("refresh_token")).isFalse();
    }

    @Test
    void wrongPasswordIsAccessDenied() {
        SimulatedAnswer answer = simulator.wrongPassword();

        assertError(answer, 403, "access_denied");
        assertThat(json(answer).get("error_description").asText()).isEqualTo(CELLS_V1_WRONG_CREDENTIALS);
    }

    @Test
    void unknownUserGetsExactlyTheWrongPasswordAnswer() {
        SimulatedAnswer unknownUser = simulator.token(passwordGrant("nobody", PASSWORD));
        SimulatedAnswer wrongPassword = simulator.wrongPassword();

        assertError(unknownUser, 403, "access_denied");
        assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
    }

    @Test
    void wrongClientSecretIsInvalidClient() {
        SimulatedAnswer answer = simulator.cells.token(basic(CLIENT_ID, "wrong-secret"), passwordGrant(LOGIN, PASSWORD));

        assertError(answer, 401, "invalid_client");
        assertThat(json(answer).get("error_description").asText()).isEqualTo("Invalid client credentials.");
    }

    @Test
    void unknownClientIdIsInvalidClient() {
        SimulatedAnswer answer = simulator.cells.token(basic("cells-sync", CLIENT_SECRET), passwordGrant(LOGIN, PASSWORD));

        assertError(answer, 401, "invalid_client");
    }

    @Test
    void missingClientAuthenticationIsInvalidClient() {
        SimulatedAnswer answer = simulator.cells.token(null, passwordGrant(LOGIN, PASSWORD));

        assertError(answer, 401, "invalid_client");
    }

    @Test
    void clientFieldsInTheFormAreAcceptedWithoutBasic() {
        Map<String, String> form = passwordGrant(LOGIN, PASSWORD);
        form.put("client_id", CLIENT_ID);
        form.put("client_secret", CLIENT_SECRET);

        assertThat(simulator.cells.token(null, form).status()).isEqualTo(200);
    }

    @Test
    void basicWinsOverClientFieldsInTheForm() {
        Map<String, String> form = passwordGrant(LOGIN, PASSWORD);
        form.put("client_id", CLIENT_ID);
        form.put("client_secret", CLIENT_SECRET);

        assertError(simulator.cells.token(basic(CLIENT_ID, "wrong-secret"), form), 401, "invalid_client");
    }

    @ParameterizedTest
    @ValueSource(strings = { "username", "password" })
    void missingUsernameOrPasswordIsInvalidRequest(String missingField) {
        Map<String, String> form = passwordGrant(LOGIN, PASSWORD);
        form.remove(missingField);

        assertError(simulator.token(form), 400, "invalid_request");
    }

    @ParameterizedTest
    @ValueSource(strings = { "client_credentials", "authorization_code", "" })
    void otherGrantTypesAreInvalidGrant(String grantType) {
        Map<String, String> form = passwordGrant(LOGIN, PASSWORD);
        form.put("grant_type", grantType);

        SimulatedAnswer answer = simulator.token(form);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(json(answer)).isEqualTo(json("{\"error\":\"invalid_grant\"}"));
    }

    @Test
    void getWithItsEmptyFormIsInvalidGrant() {
        assertThat(json(simulator.token(Map.of()))).isEqualTo(json("{\"error\":\"invalid_grant\"}"));
    }

    @Test
    void secretWithPlusPercentAndColonWorksWhenFormUrlEncoded() {
        SimulatedAnswer answer = simulator.cells.token(basic(CLIENT_ID, CLIENT_SECRET), passwordGrant(LOGIN, PASSWORD));

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void sameSecretSentRawIsImproperlyEncoded() {
        // "%od" is not a valid escape: Dex refuses the request before looking at the client.
        SimulatedAnswer answer = simulator.cells.token(rawBasic(CLIENT_ID, CLIENT_SECRET), passwordGrant(LOGIN, PASSWORD));

        assertError(answer, 400, "invalid_request");
        assertThat(json(answer).get("error_description").asText()).isEqualTo("client_secret improperly encoded");
    }

    @Test
    void rawPlusDecodesToASpaceSoTheSecretNoLongerMatches() {
        SimulatedCells cells = new SimulatedCells(new MutableClock(Simulator.START), Simulator.BASE_URL,
                CLIENT_ID, "with+plus:colon", LOGIN, PASSWORD);

        assertError(cells.token(rawBasic(CLIENT_ID, "with+plus:colon"), passwordGrant(LOGIN, PASSWORD)),
                401, "invalid_client");
        assertThat(cells.token(basic(CLIENT_ID, "with+plus:colon"), passwordGrant(LOGIN, PASSWORD)).status())
                .isEqualTo(200);
    }

    static void assertError(SimulatedAnswer answer, int status, String error) {
        assertThat(answer.status()).as("status of " + answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(json(answer).get("error").asText()).isEqualTo(error);
    }
}
