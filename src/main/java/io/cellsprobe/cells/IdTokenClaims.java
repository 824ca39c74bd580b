package io.cellsprobe.cells;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The claims of an id_token that a monitor checks. The signature is not verified: the probe's job
 * is to see that Cells issues a well-formed, unexpired token for this login, and Cells itself
 * verifies the signature on the next call.
 */
public record IdTokenClaims(Instant expiresAt, Optional<String> nonce) {

    /** @throws MalformedTokenException when the token is not a compact JWS with a numeric {@code exp} */
    public static IdTokenClaims decode(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new MalformedTokenException("id_token is not a JWT (expected three dot-separated parts)");
        }
        decodeJson(parts[0], "header");
        JsonObject payload = decodeJson(parts[1], "payload");
        if (!(payload.getValue("exp") instanceof Number exp)) {
            throw new MalformedTokenException("id_token has no numeric exp claim");
        }
        Object nonce = payload.getValue("nonce");
        // RFC 7519 allows fractional NumericDates; out-of-range ones are no time at all.
        try {
            return new IdTokenClaims(Instant.ofEpochSecond(new BigDecimal(exp.toString()).setScale(0, RoundingMode.FLOOR).longValueExact()),
                    nonce == null ? Optional.empty() : Optional.of(String.valueOf(nonce)));
        } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
            throw new MalformedTokenException("id_token exp claim is not a time");
        }
    }

    private static JsonObject decodeJson(String segment, String name) {
        try {
            byte[] json = Base64.getUrlDecoder().decode(segment);
            return new JsonObject(new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            throw new MalformedTokenException("id_token " + name + " is not base64url JSON");
        }
    }

    /** The token's shape is wrong; the message never holds the token. */
    public static class MalformedTokenException extends RuntimeException {
        public MalformedTokenException(String message) {
            super(message, null, false, false);
        }
    }
}
