package io.cellsprobe.probe;

import java.time.Duration;
import java.util.Optional;

import io.cellsprobe.config.Target;

/**
 * When to try again after a failure. A real Cells blocks an account after 10 consecutive wrong
 * passwords, and any backoff that keeps retrying gets there in the end, so rejected credentials
 * back off exponentially and then stop altogether; everything else stays on schedule unless the
 * server asked for a pause.
 */
final class RetryPolicy {

    private RetryPolicy() {
    }

    /**
     * @param credentialRejections consecutive {@code credentials_rejected} results, this one included
     * @param clientRejections consecutive {@code client_rejected} results, this one included
     */
    static Backoff after(Target target, int credentialRejections, int clientRejections,
            Optional<Duration> retryAfter) {
        if (credentialRejections >= target.maxCredentialAttempts()) {
            return Backoff.SUSPENDED;
        }
        if (credentialRejections > 0) {
            // First retry after twice the interval, then doubling.
            return new Backoff(capped(target, doubled(target.interval(), credentialRejections)), false);
        }
        if (clientRejections > 0) {
            // A wrong API secret never reaches the password check: no lockout risk, just less noise.
            return new Backoff(capped(target, doubled(target.interval(), clientRejections)), false);
        }
        if (retryAfter.isPresent() && retryAfter.get().compareTo(target.interval()) > 0) {
            return new Backoff(capped(target, retryAfter.get()), false);
        }
        return Backoff.NONE;
    }

    private static Duration doubled(Duration interval, int times) {
        // Beyond 2^20 intervals the cap has long taken over; avoid overflow.
        return interval.multipliedBy(1L << Math.min(times, 20));
    }

    private static Duration capped(Target target, Duration delay) {
        Duration cap = target.maxBackoff().compareTo(target.interval()) > 0 ? target.maxBackoff() : target.interval();
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}
