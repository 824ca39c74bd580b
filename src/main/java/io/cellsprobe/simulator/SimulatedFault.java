package io.cellsprobe.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Outages and misconfigurations the simulated Cells reproduces, switched at runtime with
 * {@code POST /simulated-cells/faults/{mode}}; the mode is the constant's name in lower case with
 * dashes ({@code EXTERNAL_URL_MISMATCH} is {@code external-url-mismatch}). Apart from the named
 * step, every answer stays the healthy one. {@code POST /simulated-cells/faults/reset} is not a fault:
 * it goes back to {@code none} and unblocks the account.
 */
public enum SimulatedFault {

    /** Healthy server: both steps answer as a real Cells v1 does. */
    NONE("success"),

    /** Token step: {@code 500 application/json {"error":"server_error"}} (Dex storage failure). */
    DOWN("http_error at token"),

    /**
     * Token and user steps each answer normally after about 1.5 s: a slow success, within the dev
     * target's 4 s timeout ({@code hang} is the one that times out).
     */
    SLOW("success, about 3 s instead of a few ms"),

    /** Token step answers only after 60 s: a probe with a sane timeout gives up first. */
    HANG("timeout at token"),

    /** Token step: {@code 401 {"error":"invalid_client"}} whatever client id and secret are sent. */
    WRONG_CLIENT("client_rejected at token"),

    /**
     * Token step: {@code 403 {"error":"access_denied"}} whatever password is sent, as after a password
     * change. Each one counts as a wrong password, so ten in a row block the account like on a real
     * server: it stays blocked after switching back to {@code none}, until {@code reset}.
     */
    WRONG_PASSWORD("credentials_rejected at token (backing off, then suspended)"),

    /**
     * User step: {@code 200 text/html} login page, what the gateway answers on a wrong path. The
     * classic false OK of a probe that only checks the status.
     */
    HTML("bad_response at user"),

    /**
     * Tokens are issued but every {@code /a/} call answers {@code 401 text/plain "Unauthorized."}, as
     * when the server's configured external URL does not match how it is reached (http vs https).
     */
    EXTERNAL_URL_MISMATCH("unauthorized at user"),

    /** Token step: the id_token's {@code exp} is already past, so the user step answers 401. */
    EXPIRED_TOKEN("token_invalid at token"),

    /** Token step: the id_token carries a nonce other than the one sent (replayed or foreign token). */
    NONCE_MISMATCH("token_invalid at token"),

    /** User step: {@code 404 application/json} "cannot find user with login ...". */
    USER_NOT_FOUND("user_not_found at user"),

    /** User step: {@code 200 application/json} user record whose {@code Login} is another user's. */
    LOGIN_MISMATCH("login_mismatch at user"),

    /** Token step: {@code 200 application/json} with the body cut in half (not parseable JSON). */
    BAD_JSON("bad_response at token"),

    /**
     * Token step: {@code expires_in} as the string {@code "599"}, as the quick-start document shows.
     * Still a success: a probe must accept it.
     */
    EXPIRES_IN_STRING("success"),

    /** User step: {@code 503 text/plain "Service unavailable."} (token check failing inside Cells). */
    UNAVAILABLE("http_error at user"),

    /**
     * Cells' database is down, as seen on a real v1.4.1 with MariaDB stopped: the right password gets
     * {@code 403 access_denied} with the very bytes of a wrong password (but counts toward no lockout:
     * the user record cannot be read), a valid token is refused on {@code /a/} with
     * {@code 401 text/plain "Unauthorized."}, and so is the anonymous {@code /a/frontend/bootconf}.
     */
    DATABASE_DOWN("backend_unavailable at token (no password sent until it heals)"),

    /**
     * The account is blocked, as after 10 failed logins by anyone: even the right password gets
     * {@code 403 access_denied} "User monitor has been blocked. Contact your sysadmin.", and the
     * account's tokens are refused on {@code /a/}. Switching to another mode unblocks it, as an
     * administrator's {@code cells admin user unlock} does.
     */
    ACCOUNT_LOCKED("account_locked at token (suspended at once)");

    static final Duration SLOW_DELAY = Duration.ofMillis(1500);
    static final Duration HANG_DELAY = Duration.ofSeconds(60);

    private final String effect;

    SimulatedFault(String effect) {
        this.effect = effect;
    }

    /** What the monitor reports while this fault is on: "reason at phase", or "success". */
    public String effect() {
        return effect;
    }

    public String modeName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<SimulatedFault> fromModeName(String mode) {
        return Arrays.stream(values()).filter(fault -> fault.modeName().equals(mode)).findFirst();
    }

    public static List<String> modeNames() {
        return Arrays.stream(values()).map(SimulatedFault::modeName).toList();
    }

    Duration tokenDelay() {
        return switch (this) {
            case SLOW -> SLOW_DELAY;
            case HANG -> HANG_DELAY;
            default -> Duration.ZERO;
        };
    }

    Duration userDelay() {
        return this == SLOW ? SLOW_DELAY : Duration.ZERO;
    }
}
