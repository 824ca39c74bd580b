package io.cellsprobe.probe;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import io.cellsprobe.cells.CellsResponse;
import io.cellsprobe.config.Secret;
import io.vertx.core.json.JsonObject;

/**
 * Cells' {@code POST /a/frontend/session} answer: the Bearer is {@code Token.AccessToken} (Cells v2+
 * accepts only access tokens), or {@code JWT} when there is no {@code Token}.
 *
 * <p>Expiry comes from {@code Token.ExpiresAt} (a Unix time) or else {@code ExpireTime}, which Cells
 * v1 sends as seconds remaining (599) and Cells v4 as a Unix time: a value below
 * {@link #ABSOLUTE_FROM} (2001-09-09) cannot be a Unix time of a token issued now, so it is relative.
 */
record SessionAnswer(Secret bearer, Instant expiresAt) {

    static final long ABSOLUTE_FROM = 1_000_000_000L;

    static SessionAnswer interpret(CellsResponse response, Instant now) {
        int status = response.status();
        if (!response.isSuccess()) {
            String detail = "session endpoint " + ErrorCodes.answered(response);
            boolean loginRefused = status == 401 || status == 403;
            if (loginRefused && ErrorCodes.saysAccountLocked(response)) {
                throw new StepFailure(FailureReason.ACCOUNT_LOCKED, detail + ": the account is locked: unlock it, "
                        + "then find who failed");
            }
            throw new StepFailure(loginRefused ? FailureReason.CREDENTIALS_REJECTED : FailureReason.HTTP_ERROR, detail);
        }
        JsonObject json = JsonAnswers.object(response, "session endpoint");
        JsonObject token = json.getValue("Token") instanceof JsonObject object ? object : null;
        Secret bearer = token != null && token.getValue("AccessToken") != null
                ? Bearers.checked(String.valueOf(token.getValue("AccessToken")), "Token.AccessToken")
                : Bearers.checked(json.getValue("JWT") instanceof String jwt ? jwt : null, "JWT or Token.AccessToken");
        Instant expiresAt = expiry(json, token, now).orElseThrow(() -> new StepFailure(FailureReason.BAD_RESPONSE,
                "session answer has neither Token.ExpiresAt nor ExpireTime"));
        return new SessionAnswer(bearer, expiresAt);
    }

    /** Checked after the expiry is recorded, so an expired token still shows when it expired. */
    void validate(Instant now) {
        if (!expiresAt.isAfter(now)) {
            throw new StepFailure(FailureReason.TOKEN_INVALID,
                    "session token expired at " + expiresAt + " (clock skew on Cells or here?)");
        }
    }

    OptionalLong lifetimeSeconds(Instant now) {
        return OptionalLong.of(expiresAt.getEpochSecond() - now.getEpochSecond());
    }

    private static Optional<Instant> expiry(JsonObject json, JsonObject token, Instant now) {
        OptionalLong expiresAt = token == null ? OptionalLong.empty() : JsonAnswers.number(token, "ExpiresAt");
        if (expiresAt.isPresent() && expiresAt.getAsLong() > 0) {
            return Optional.of(Instant.ofEpochSecond(expiresAt.getAsLong()));
        }
        OptionalLong expireTime = JsonAnswers.number(json, "ExpireTime");
        if (expireTime.isEmpty()) {
            return Optional.empty();
        }
        long value = expireTime.getAsLong();
        return Optional.of(value < ABSOLUTE_FROM ? now.plusSeconds(value) : Instant.ofEpochSecond(value));
    }
}
