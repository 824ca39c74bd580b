package io.cellsprobe.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.cellsprobe.config.LockoutSettings;
import io.cellsprobe.config.Target;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.ProbeResult;

/**
 * When to try again after a failure. A real Cells blocks an account after 10 refused logins in a row
 * and clears the count only at a successful one, so refused logins are a budget: a fast phase
 * (2x, 4x the interval), then suspended with one cautious attempt after {@code suspended-retry},
 * doubling, then none at all once {@code max-credential-rejections} are spent. Runs that send no
 * password (Cells looks broken, or the last token can tell whether a locked account is back) cost
 * nothing and stay on schedule. Everything else stays on schedule unless the server asked for a pause.
 */
final class RetryPolicy {

    private RetryPolicy() {
    }

    /**
     * @param credentialRejections refused logins since the last success, this result included
     * @param clientRejections consecutive {@code client_rejected} results, this one included
     * @param heldTokenExpiresAt when the token of the last successful probe expires
     */
    static Backoff after(Target target, ProbeResult result, int credentialRejections, int clientRejections,
            Optional<Instant> heldTokenExpiresAt) {
        if (result.success()) {
            return Backoff.NONE;
        }
        LockoutSettings lockout = target.lockout();
        FailureReason reason = result.failure().orElseThrow().reason();
        if (credentialRejections >= lockout.maxCredentialRejections()) {
            return Backoff.STOPPED;
        }
        if (reason == FailureReason.ACCOUNT_LOCKED && heldTokenUsableAtNextRun(target, result, heldTokenExpiresAt)) {
            // Each run asks with the last token only; the password stays home until it is accepted again.
            return Backoff.suspendedFor(Duration.ZERO);
        }
        if (reason == FailureReason.ACCOUNT_LOCKED || credentialRejections >= lockout.maxCredentialAttempts()) {
            int retries = Math.max(0, credentialRejections - lockout.maxCredentialAttempts());
            return Backoff.suspendedFor(doubled(lockout.suspendedRetry(), retries));
        }
        if (reason == FailureReason.BACKEND_UNAVAILABLE) {
            // The next runs look at the evidence first and send no password while Cells looks broken.
            return Backoff.NONE;
        }
        if (credentialRejections > 0) {
            // First retry after twice the interval, then doubling.
            return Backoff.waiting(capped(target, doubled(target.interval(), credentialRejections)));
        }
        if (clientRejections > 0) {
            // A wrong API secret never reaches the password check: no lockout risk, just less noise.
            return Backoff.waiting(capped(target, doubled(target.interval(), clientRejections)));
        }
        Optional<Duration> retryAfter = result.retryAfter();
        if (retryAfter.isPresent() && retryAfter.get().compareTo(target.interval()) > 0) {
            return Backoff.waiting(capped(target, retryAfter.get()));
        }
        return Backoff.NONE;
    }

    private static boolean heldTokenUsableAtNextRun(Target target, ProbeResult result,
            Optional<Instant> heldTokenExpiresAt) {
        Instant nextRunEnds = result.startedAt().plus(target.interval()).plus(target.timeout());
        return heldTokenExpiresAt.filter(expiry -> expiry.isAfter(nextRunEnds)).isPresent();
    }

    private static Duration doubled(Duration base, int times) {
        // Beyond 2^20 the cap or the rejection budget has long taken over; avoid overflow.
        return base.multipliedBy(1L << Math.min(times, 20));
    }

    private static Duration capped(Target target, Duration delay) {
        Duration maxBackoff = target.lockout().maxBackoff();
        Duration cap = maxBackoff.compareTo(target.interval()) > 0 ? maxBackoff : target.interval();
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}
