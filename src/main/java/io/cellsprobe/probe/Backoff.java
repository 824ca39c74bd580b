package io.cellsprobe.probe;

import java.time.Duration;

/**
 * How the next attempt of a target is held back after its last result.
 *
 * @param delay the wait from the last attempt's start to the next one; zero on the normal schedule
 * @param suspended no more logins until the credentials change or the monitor restarts
 */
public record Backoff(Duration delay, boolean suspended) {

    public static final Backoff NONE = new Backoff(Duration.ZERO, false);

    public static final Backoff SUSPENDED = new Backoff(Duration.ZERO, true);

    public boolean onNormalSchedule() {
        return !suspended && delay.isZero();
    }
}
