package io.cellsprobe.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.cellsprobe.config.Target;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeResult;

/** Probe results as the probe would report them, for tests of what is derived from results. */
public final class TestResults {

    private TestResults() {
    }

    /** A passing probe started at {@code startedAt} whose token expires at {@code tokenExpiry}, if given. */
    public static ProbeResult success(Target target, Instant startedAt, Optional<Instant> tokenExpiry) {
        return new ProbeResult(target.name(), startedAt, Optional.empty(), Map.of(Phase.TOTAL, Duration.ofMillis(5)),
                Map.of(), tokenExpiry.isPresent() ? OptionalLong.of(599) : OptionalLong.empty(), tokenExpiry,
                Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    public static ProbeResult success(Target target) {
        return success(target, Instant.now(), Optional.empty());
    }

    /** A probe that sent the password and was refused, judged as {@code reason}, at the token step. */
    public static ProbeResult refusedLogin(Target target, FailureReason reason, Instant startedAt) {
        return failure(target, new ProbeFailure(Phase.TOKEN, reason, "token endpoint answered 403 access_denied",
                true), startedAt);
    }

    /** A failure that sent no password, or whose password was not what failed. */
    public static ProbeResult failure(Target target, FailureReason reason, Instant startedAt) {
        return failure(target, new ProbeFailure(Phase.TOKEN, reason, "failed", false), startedAt);
    }

    public static ProbeResult failure(Target target, FailureReason reason) {
        return failure(target, reason, Instant.now());
    }

    private static ProbeResult failure(Target target, ProbeFailure failure, Instant startedAt) {
        return new ProbeResult(target.name(), startedAt, Optional.of(failure), Map.of(Phase.TOTAL, Duration.ofMillis(5)),
                Map.of(Phase.TOKEN, 403), OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
    }
}
