package io.cellsprobe.simulator;

import static io.cellsprobe.simulator.Simulator.LOGIN;
import static io.cellsprobe.simulator.Simulator.NONCE;
import static io.cellsprobe.simulator.Simulator.PASSWORD;
import static io.cellsprobe.simulator.Simulator.json;
import static io.cellsprobe.simulator.Simulator.passwordGrant;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The id_token is a real RS256 JWT carrying Dex's and Pydio's claims. */
class SimulatedCellsIdTokenTest {

    private final Simulator simulator = new Simulator();

    @Test
    void isSignedWithRs256UnderTheSimulatorsKey() {
        String idToken = simulator.idToken();

        JsonNode header = Jwts.header(idToken);
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
        assertThat(header.get("kid").asText()).isEqualTo(simulator.cells.keyId()).matches("[0-9a-f]{40}");
        assertThat(Jwts.rs256SignatureValid(idToken, simulator.cells.publicKey())).isTrue();
    }

    @Test
    void doesNotVerifyUnderAnotherKey() {
        String idToken = simulator.idToken();

        assertThat(Jwts.rs256SignatureValid(idToken, new Simulator().cells.publicKey())).isFalse();
    }

    @Test
    void carriesTheCoreClaims() {
        JsonNode claims = Jwts.payload(simulator.idToken());

        assertThat(claims.get("iss").asText()).isEqualTo("http://localhost:8080/simulated-cells/auth/dex");
        assertThat(claims.get("aud").isTextual()).as("aud is a single string").isTrue();
        assertThat(claims.get("aud").asText()).isEqualTo("cells-front");
        assertThat(claims.get("iat").asLong()).isEqualTo(Simulator.START.getEpochSecond());
        assertThat(claims.get("exp").asLong()).isEqualTo(claims.get("iat").asLong() + 600);
        String subject = new String(Base64.getUrlDecoder().decode(claims.get("sub").asText()), StandardCharsets.UTF_8);
        assertThat(subject).as("Dex subject holds the user id and the connector").contains("pydio");
    }

    @Test
    void issuerIsTheBaseUrlWithOneSlashBeforeAuthDex() {
        SimulatedCells cells = new SimulatedCells(new MutableClock(Simulator.START), Simulator.BASE_URL + "/",
                Simulator.CLIENT_ID, Simulator.CLIENT_SECRET, LOGIN, PASSWORD);
        SimulatedAnswer answer = cells.token(Simulator.basic(Simulator.CLIENT_ID, Simulator.CLIENT_SECRET),
                passwordGrant(LOGIN, PASSWORD));

        assertThat(Jwts.payload(json(answer).get("id_token").asText()).get("iss").asText())
                .isEqualTo(Simulator.ISSUER);
    }

    @Test
    void echoesTheNonceSent() {
        assertThat(Jwts.payload(simulator.idToken()).get("nonce").asText()).isEqualTo(NONCE);
    }

    @Test
    void hasNoNonceWhenNoneWasSent() {
        Map<String, String> form = passwordGrant(LOGIN, PASSWORD);
        form.remove("nonce");

        String idToken = json(simulator.token(form)).get("id_token").asText();

        assertThat(Jwts.payload(idToken).has("nonce")).isFalse();
    }

    @Test
    void atHashIsTheLeftHalfOfTheAccessTokensSha256() throws Exception {
        JsonNode body = json(simulator.goodLogin());
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(body.get("access_token").asText().getBytes(StandardCharsets.US_ASCII));
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));

        assertThat(Jwts.payload(body.get("id_token").asText()).get("at_hash").asText()).isEqualTo(expected);
    }

    @Test
    void emailProfileAndPydioScopesAddThePydioClaims() {
        JsonNode claims = Jwts.payload(simulator.idToken());

        assertThat(claims.get("email_verified").asBoolean()).isTrue();
        assertThat(claims.get("name").asText()).isEqualTo(LOGIN);
        assertThat(claims.get("authsource").asText()).isEqualTo("pydio");
        assertThat(claims.get("displayname").asText()).isEqualTo("Monitor");
        assertThat(claims.get("roles").asText()).startsWith("ROOT_GROUP,");
        assertThat(claims.get("grouppath").asText()).isEqualTo("/");
        assertThat(claims.get("profile").asText()).isEqualTo("standard");
    }

    @Test
    void withoutScopeOnlyTheCoreClaimsAndTheNonce() {
        Map<String, String> form = passwordGrant(LOGIN, PASSWORD);
        form.remove("scope");

        JsonNode claims = Jwts.payload(json(simulator.token(form)).get("id_token").asText());

        assertThat(claims.fieldNames()).toIterable()
                .containsExactly("iss", "sub", "aud", "exp", "iat", "nonce", "at_hash");
    }
}
