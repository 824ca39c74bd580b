package io.cellsprobe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a compact JWT independently of the simulator's own code, so a bug there cannot hide. */
final class Jwts {

    private Jwts() {
    }

    static JsonNode header(String jwt) {
        return Simulator.json(decode(parts(jwt)[0]));
    }

    static JsonNode payload(String jwt) {
        return Simulator.json(decode(parts(jwt)[1]));
    }

    static boolean rs256SignatureValid(String jwt, RSAPublicKey key) {
        String[] parts = parts(jwt);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The same token with its payload replaced, keeping the original header and signature. */
    static String withPayload(String jwt, String payloadJson) {
        String[] parts = parts(jwt);
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }

    private static String[] parts(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        assertThat(parts).as("compact JWT parts").hasSize(3);
        return parts;
    }

    private static String decode(String base64url) {
        assertThat(base64url).as("base64url without padding").doesNotContain("=", "+", "/");
        return new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8);
    }
}
