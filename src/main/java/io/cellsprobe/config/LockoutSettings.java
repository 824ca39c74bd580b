package io.cellsprobe.config;

import java.time.Duration;

/**
 * How often a target may risk its account. Cells blocks an account at 10 failed logins in a row and
 * clears the count at a successful one, so refused logins are a budget that only a success refills.
 *
 * @param maxCredentialAttempts refused logins in a row (fast phase, backing off 2x, 4x the interval)
 *                              before the target is suspended
 * @param maxCredentialRejections refused logins in a row after which no login is ever attempted
 *                                again until the credentials change or the monitor restarts
 * @param suspendedRetry the wait before the first login attempt while suspended, doubling after each
 * @param maxBackoff the longest wait of the fast phase (and of other backoffs)
 */
public record LockoutSettings(int maxCredentialAttempts, int maxCredentialRejections, Duration suspendedRetry,
        Duration maxBackoff) {

    /** Cells blocks the account at the 10th refused login in a row. */
    public static final int CELLS_LOCKOUT_THRESHOLD = 10;

    public static final LockoutSettings DEFAULT = new LockoutSettings(3, 8, Duration.ofMinutes(30),
            Duration.ofMinutes(10));
}
