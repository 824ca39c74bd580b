package io.cellsprobe.probe;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import io.cellsprobe.cells.CellsResponse;
import io.cellsprobe.cells.IdTokenClaims;
import io.cellsprobe.cells.IdTokenClaims.MalformedTokenException;
import io.cellsprobe.config.Secret;
import io.vertx.core.json.JsonObject;

/**
 * A token endpoint answer that parsed: the id_token (the Bearer for the REST API), its claims and
 * {@code expires_in}. {@link #interpret} maps every other answer to its failure reason.
 */
record TokenAnswer(Secret idToken, IdTokenClaims claims, OptionalLong expiresInSeconds) {

    /** A login token valid for more than a year is a misconfiguration or a broken server. */
    static final long MAX_SANE_LIFETIME_SECONDS = 366L * 24 * 3600;

    /** A compact JWS holds only these; anything else could also smuggle bytes into a header. */
    private static final Pattern JWT_CHARACTERS = Pattern.compile("[A-Za-z0-9_\\-.=]+");

    static TokenAnswer interpret(CellsResponse response) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            return parse(response);
        }
        String error = ErrorCodes.oauthError(response);
        String detail = "token endpoint " + ErrorCodes.answered(response);
        FailureReason reason = switch (status) {
            case 401 -> error.equals("invalid_grant") ? FailureReason.CREDENTIALS_REJECTED : FailureReason.CLIENT_REJECTED;
            case 403 -> error.equals("access_denied") ? FailureReason.CREDENTIALS_REJECTED : FailureReason.HTTP_ERROR;
            case 400 -> error.equals("invalid_grant") ? FailureReason.CREDENTIALS_REJECTED : FailureReason.HTTP_ERROR;
            default -> FailureReason.HTTP_ERROR;
        };
        throw new StepFailure(reason, detail);
    }

    /** Checks what a monitor can check without the signing key: not expired, our nonce. */
    void validate(String nonceSent, Instant now) {
        if (!claims.expiresAt().isAfter(now)) {
            throw new StepFailure(FailureReason.TOKEN_INVALID,
                    "id_token expired at " + claims.expiresAt() + " (clock skew on Cells or here?)");
        }
        if (claims.nonce().isPresent() && !claims.nonce().get().equals(nonceSent)) {
            throw new StepFailure(FailureReason.TOKEN_INVALID, "id_token nonce does not match the nonce sent");
        }
        if (expiresInSeconds.isPresent() && (expiresInSeconds.getAsLong() <= 0
                || expiresInSeconds.getAsLong() > MAX_SANE_LIFETIME_SECONDS)) {
            throw new StepFailure(FailureReason.TOKEN_INVALID,
                    "expires_in is " + expiresInSeconds.getAsLong() + " s, not a sane token lifetime");
        }
    }

    private static TokenAnswer parse(CellsResponse response) {
        if (!response.isJson()) {
            throw new StepFailure(FailureReason.BAD_RESPONSE, "token endpoint " + ErrorCodes.answered(response)
                    + ", not JSON: a proxy or a web page is answering");
        }
        JsonObject json;
        try {
            json = new JsonObject(response.bodyText());
        } catch (RuntimeException e) {
            throw new StepFailure(FailureReason.BAD_RESPONSE, "token answer is not a JSON object");
        }
        OptionalLong expiresIn = expiresIn(json.getValue("expires_in"));
        if (!(json.getValue("id_token") instanceof String idToken) || idToken.isEmpty()) {
            throw new StepFailure(FailureReason.TOKEN_INVALID, "token answer has no id_token");
        }
        if (!JWT_CHARACTERS.matcher(idToken).matches()) {
            throw new StepFailure(FailureReason.TOKEN_INVALID, "id_token holds characters a JWT cannot hold");
        }
        try {
            return new TokenAnswer(Secret.of(idToken), IdTokenClaims.decode(idToken), expiresIn);
        } catch (MalformedTokenException e) {
            throw new StepFailure(FailureReason.TOKEN_INVALID, e.getMessage());
        }
    }

    /** Real servers send a number, the public quick-start a string ("599"): accept both. */
    private static OptionalLong expiresIn(Object value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value instanceof Number number) {
            return OptionalLong.of(number.longValue());
        }
        if (value instanceof String text) {
            try {
                return OptionalLong.of(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                // fall through to the failure below
            }
        }
        throw new StepFailure(FailureReason.BAD_RESPONSE, "expires_in is neither a number nor a numeric string");
    }
}
