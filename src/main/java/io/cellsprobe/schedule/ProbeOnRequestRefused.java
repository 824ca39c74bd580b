package io.cellsprobe.schedule;

import java.time.Duration;

/** A probe on request within an interval of the last one: it would add load the schedule does not. */
public final class ProbeOnRequestRefused extends RuntimeException {

    private final Duration retryAfter;

    ProbeOnRequestRefused(Duration retryAfter) {
        super("a probe on request runs at most once per interval; try again in " + retryAfter.toSeconds() + " s",
                null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
