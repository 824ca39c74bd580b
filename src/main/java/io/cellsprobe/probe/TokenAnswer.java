package io.cellsprobe.probe;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import io.cellsprobe.cells.CellsResponse;
import io.cellsprobe.cells.IdTokenClaims;
import io.cellsprobe.cells.IdTokenClaims.MalformedTokenException;
import io.cellsprobe.config.Secret;
import io.vertx.core.json.JsonObject;

/**
 * A token endpoint answer that parsed (password or refresh grant). {@link #interpret} maps every
 * other answer to its failure reason.
 */
record TokenAnswer(
        Optional<Secret> idToken,
        Optional<IdTokenClaims> claims,
        Optional<Secret> accessToken,
        OptionalLong expiresInSeconds,
        Optional<Secret> refreshToken) {

    /** A login token valid for more than a year is a misconfiguration or a broken server. */
    static final long MAX_SANE_LIFETIME_SECONDS = 366L * 24 * 3600;

    /** @param phase {@link Phase#TOKEN} or {@link Phase#REFRESH}: a rejected grant means different things */
    static TokenAnswer interpret(CellsResponse response, Phase phase) {
        int status = response.status();
        if (response.isSuccess()) {
            return parse(JsonAnswers.object(response, "token endpoint"));
        }
        String error = ErrorCodes.oauthError(response);
        String detail = "token endpoint " + ErrorCodes.answered(response);
        boolean grantRejected = (status == 400 || status == 401) && error.equals("invalid_grant");
        if (phase == Phase.REFRESH && grantRejected) {
            // Not the password: the refresh token was refused (reused, expired or revoked).
            throw new StepFailure(FailureReason.TOKEN_INVALID, detail + ": refresh token refused");
        }
        FailureReason reason;
        boolean loginRefused = grantRejected || (status == 403 && error.equals("access_denied"));
        if (loginRefused && ErrorCodes.saysAccountLocked(response)) {
            throw new StepFailure(FailureReason.ACCOUNT_LOCKED, detail + ": the account is locked (Cells blocks it "
                    + "after 10 failed logins in a row): unlock it, then find who failed");
        }
        if (loginRefused) {
            reason = FailureReason.CREDENTIALS_REJECTED;
        } else if (status == 401) {
            reason = FailureReason.CLIENT_REJECTED;
        } else {
            reason = FailureReason.HTTP_ERROR;
        }
        throw new StepFailure(reason, detail);
    }

    /** The Bearer for the REST API: Cells v1 takes the id_token, Cells v2+ and other providers the access token. */
    Secret bearer(PasswordGrant.Bearer which) {
        boolean idToken = which == PasswordGrant.Bearer.ID_TOKEN;
        return (idToken ? this.idToken : accessToken).orElseThrow(() -> new StepFailure(FailureReason.TOKEN_INVALID,
                "token answer has no " + (idToken ? "id_token" : "access_token")));
    }

    /**
     * Checks what a monitor can check without the signing key: not expired, our nonce, a sane
     * lifetime.
     *
     * @param nonceSent null when the grant sent none (refresh)
     */
    void validate(String nonceSent, Instant now) {
        if (claims.isPresent()) {
            IdTokenClaims token = claims.get();
            if (!token.expiresAt().isAfter(now)) {
                throw new StepFailure(FailureReason.TOKEN_INVALID,
                        "id_token expired at " + token.expiresAt() + " (clock skew on Cells or here?)");
            }
            if (nonceSent != null && token.nonce().isPresent() && !token.nonce().get().equals(nonceSent)) {
                throw new StepFailure(FailureReason.TOKEN_INVALID, "id_token nonce does not match the nonce sent");
            }
        }
        if (expiresInSeconds.isPresent() && (expiresInSeconds.getAsLong() <= 0
                || expiresInSeconds.getAsLong() > MAX_SANE_LIFETIME_SECONDS)) {
            throw new StepFailure(FailureReason.TOKEN_INVALID,
                    "expires_in is " + expiresInSeconds.getAsLong() + " s, not a sane token lifetime");
        }
    }

    /** When the token stops working: the id_token's exp, else now + expires_in. */
    Optional<Instant> expiresAt(Instant now) {
        return claims.map(IdTokenClaims::expiresAt).or(() -> expiresInSeconds.isPresent()
                ? Optional.of(now.plusSeconds(expiresInSeconds.getAsLong())) : Optional.empty());
    }

    private static TokenAnswer parse(JsonObject json) {
        // Real servers send a number, the public quick-start a string ("599"): accept both.
        OptionalLong expiresIn = JsonAnswers.number(json, "expires_in");
        Optional<Secret> idToken = optionalToken(json, "id_token");
        Optional<IdTokenClaims> claims;
        try {
            claims = idToken.map(token -> IdTokenClaims.decode(token.reveal()));
        } catch (MalformedTokenException e) {
            throw new StepFailure(FailureReason.TOKEN_INVALID, e.getMessage());
        }
        return new TokenAnswer(idToken, claims, optionalToken(json, "access_token"), expiresIn,
                optionalToken(json, "refresh_token"));
    }

    /** Absent, empty or not a string all mean the answer has no such token. */
    private static Optional<Secret> optionalToken(JsonObject json, String field) {
        if (!(json.getValue(field) instanceof String text) || text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Bearers.checked(text, field));
    }
}
