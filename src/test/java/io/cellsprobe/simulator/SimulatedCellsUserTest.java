package io.cellsprobe.simulator;

import static io.cellsprobe.simulator.Simulator.CLIENT_ID;
import static io.cellsprobe.simulator.Simulator.CLIENT_SECRET;
import static io.cellsprobe.simulator.Simulator.LOGIN;
import static io.cellsprobe.simulator.Simulator.basic;
import static io.cellsprobe.simulator.Simulator.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The user step: only a valid, unexpired id_token of this server reads the user record. */
class SimulatedCellsUserTest {

    private final Simulator simulator = new Simulator();

    @Test
    void validIdTokenReadsTheUsersOwnRecord() {
        SimulatedAnswer answer = simulator.user(simulator.idToken());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        JsonNode user = json(answer);
        assertThat(user.get("Login").asText()).isEqualTo(LOGIN);
        assertThat(user.get("Uuid").asText()).matches("[0-9a-f-]{36}");
        assertThat(user.get("GroupPath").asText()).isEqualTo("/");
        assertThat(user.get("Attributes").get("profile").asText()).isEqualTo("standard");
        assertThat(user.get("Roles").get(0).get("Uuid").asText()).isEqualTo("ROOT_GROUP");
        assertThat(user.get("PoliciesContextEditable").asBoolean()).isTrue();
    }

    @Test
    void noAuthorizationIsUnauthorized() {
        assertUnauthorized(simulator.cells.user(null, LOGIN));
    }

    @Test
    void accessTokenAsBearerIsUnauthorized() {
        String accessToken = json(simulator.goodLogin()).get("access_token").asText();

        assertUnauthorized(simulator.user(accessToken));
    }

    @Test
    void clientBasicInsteadOfBearerIsUnauthorized() {
        assertUnauthorized(simulator.cells.user(basic(CLIENT_ID, CLIENT_SECRET), LOGIN));
    }

    @Test
    void forgedPayloadIsUnauthorized() {
        String idToken = simulator.idToken();
        JsonNode claims = Jwts.payload(idToken);
        String forged = Jwts.withPayload(idToken, claims.toString().replace("\"exp\":", "\"exp\":1"));

        assertThat(forged).isNotEqualTo(idToken);
        assertUnauthorized(simulator.user(forged));
    }

    @Test
    void tokenOfAnotherServerIsUnauthorized() {
        String foreignToken = new Simulator().idToken();

        assertUnauthorized(simulator.user(foreignToken));
    }

    @Test
    void expiryIsCheckedWithZeroLeeway() {
        String idToken = simulator.idToken();
        Instant expiry = Instant.ofEpochSecond(Jwts.payload(idToken).get("exp").asLong());

        simulator.clock.set(expiry.minus(Duration.ofSeconds(2)));
        assertThat(simulator.user(idToken).status()).as("at exp - 2 s").isEqualTo(200);

        simulator.clock.set(expiry.plus(Duration.ofSeconds(1)));
        assertUnauthorized(simulator.user(idToken));
    }

    @Test
    void unknownLoginIsNotFound() {
        SimulatedAnswer answer = simulator.cells.user("Bearer " + simulator.idToken(), "someone");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(json(answer).get("Title").asText()).isEqualTo("cannot find user with login someone");
        assertThat(json(answer).get("Detail").asText()).startsWith("Not Found: ");
    }

    static void assertUnauthorized(SimulatedAnswer answer) {
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("text/plain");
        assertThat(answer.body()).isEqualTo("Unauthorized.");
    }
}
