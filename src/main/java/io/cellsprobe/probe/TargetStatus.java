package io.cellsprobe.probe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.cellsprobe.config.Target;

/**
 * What is known about a target after its latest probe: folded from the stream of results, so
 * health, metrics, logs and the status API all read one consistent picture.
 */
public record TargetStatus(
        Target target,
        Optional<ProbeResult> last,
        int consecutiveFailures,
        Optional<Instant> lastSuccess,
        OptionalLong tokenLifetimeSeconds,
        Optional<Instant> tokenExpiresAt) {

    public enum State {
        /** No probe has finished yet. */
        PENDING,
        UP,
        /** {@code failure-threshold} consecutive probes failed. */
        DOWN
    }

    public static TargetStatus initial(Target target) {
        return new TargetStatus(target, Optional.empty(), 0, Optional.empty(), OptionalLong.empty(),
                Optional.empty());
    }

    /** The status after one more result; token facts are kept from earlier probes when this one has none. */
    public TargetStatus next(ProbeResult result) {
        return new TargetStatus(target, Optional.of(result),
                result.success() ? 0 : consecutiveFailures + 1,
                result.success() ? Optional.of(result.startedAt()) : lastSuccess,
                result.tokenLifetimeSeconds().isPresent() ? result.tokenLifetimeSeconds() : tokenLifetimeSeconds,
                result.tokenExpiresAt().or(() -> tokenExpiresAt));
    }

    public State state() {
        if (last.isEmpty()) {
            return State.PENDING;
        }
        return consecutiveFailures >= target.failureThreshold() ? State.DOWN : State.UP;
    }

    /** A flat description for health data and the status API: no credentials, no secrets. */
    public Map<String, Object> describe() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("target", target.name());
        data.put("url", target.url().toString());
        data.put("state", state().name());
        data.put("lastResult", last.map(result -> result.success() ? "success" : "failure").orElse("pending"));
        last.flatMap(ProbeResult::failure).ifPresent(failure -> {
            data.put("reason", failure.reason().label());
            data.put("phase", failure.phase().label());
            data.put("detail", failure.detail());
        });
        data.put("consecutiveFailures", consecutiveFailures);
        data.put("failureThreshold", target.failureThreshold());
        lastSuccess.ifPresent(time -> data.put("lastSuccess", time.toString()));
        last.ifPresent(result -> {
            data.put("lastRun", result.startedAt().toString());
            data.put("lastDurationSeconds", result.total().toNanos() / 1e9);
        });
        tokenExpiresAt.ifPresent(time -> data.put("tokenExpiry", time.toString()));
        return data;
    }
}
