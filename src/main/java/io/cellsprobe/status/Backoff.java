package io.cellsprobe.status;

import java.time.Duration;
import java.util.Optional;

/**
 * How the next attempt of a target is held back after its last result.
 *
 * @param delay the wait from the last attempt's start to the next one, zero on the normal schedule;
 *              empty when no attempt is planned at all (the rejection budget is spent)
 * @param suspended logins are stopped by refused credentials or a locked account: the next attempt,
 *                  if any, is a cautious one
 */
public record Backoff(Optional<Duration> delay, boolean suspended) {

    public static final Backoff NONE = new Backoff(Optional.of(Duration.ZERO), false);

    /** No attempt until the credentials change or the monitor restarts. */
    public static final Backoff STOPPED = new Backoff(Optional.empty(), true);

    static Backoff waiting(Duration delay) {
        return new Backoff(Optional.of(delay), false);
    }

    static Backoff suspendedFor(Duration delay) {
        return new Backoff(Optional.of(delay), true);
    }

    public boolean onNormalSchedule() {
        return !suspended && delay.filter(Duration::isZero).isPresent();
    }

    public boolean stopped() {
        return delay.isEmpty();
    }

    /** The wait in seconds, +Inf when no attempt is planned. */
    public double seconds() {
        return delay.map(wait -> wait.toMillis() / 1000.0).orElse(Double.POSITIVE_INFINITY);
    }
}
