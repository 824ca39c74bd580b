package io.cellsprobe.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.cellsprobe.config.Flavor;

/**
 * Everything one probe saw. Immutable; metrics, health, logs and the status API are all derived
 * from it.
 *
 * @param durations the phases that ran, always with {@link Phase#TOTAL}
 * @param httpStatus the last status per step; a step that got no answer is absent
 * @param tokenLifetimeSeconds the token answer's {@code expires_in}, when a token was issued
 * @param tokenExpiresAt the id_token's {@code exp}, when it decoded
 * @param retryAfter what a 429 or 503 answer asked for in {@code Retry-After}
 * @param flavor the flavor this probe used (for {@code auto}, the detected one), once known
 * @param certificateExpiresAt the earliest notAfter of the last certificate chain presented (HTTPS)
 * @param requests every request the probe made, in order, for the probe-now trace (no secret in them)
 */
public record ProbeResult(
        String target,
        Instant startedAt,
        Optional<ProbeFailure> failure,
        Map<Phase, Duration> durations,
        Map<Phase, Integer> httpStatus,
        OptionalLong tokenLifetimeSeconds,
        Optional<Instant> tokenExpiresAt,
        Optional<Duration> retryAfter,
        Optional<Flavor> flavor,
        Optional<Instant> certificateExpiresAt,
        List<ProbeRequest> requests) {

    public ProbeResult {
        durations = Map.copyOf(durations);
        httpStatus = Map.copyOf(httpStatus);
        requests = List.copyOf(requests);
    }

    public boolean success() {
        return failure.isEmpty();
    }

    public Duration total() {
        return durations.get(Phase.TOTAL);
    }
}
