package io.cellsprobe.probe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Target;

/**
 * What is known about a target after its latest probe: folded from the stream of results, so
 * health, metrics, logs, the scheduler and the status API all read one consistent picture.
 *
 * @param credentialRejections consecutive {@code credentials_rejected} results
 * @param clientRejections consecutive {@code client_rejected} results
 * @param tokenLifetimeSeconds the last known {@code expires_in}, kept when a later probe has none
 * @param tokenExpiresAt the last known token expiry, kept when a later probe has none
 * @param flavor the flavor in use: the configured one, or the detected one for {@code auto}
 * @param certificateExpiresAt the earliest notAfter of the server's last certificate chain (HTTPS)
 */
public record TargetStatus(
        Target target,
        Optional<ProbeResult> last,
        int consecutiveFailures,
        int credentialRejections,
        int clientRejections,
        Optional<Instant> lastSuccess,
        OptionalLong tokenLifetimeSeconds,
        Optional<Instant> tokenExpiresAt,
        Backoff backoff,
        Flavor flavor,
        Optional<Instant> certificateExpiresAt) {

    public enum State {
        /** No probe has finished yet. */
        PENDING,
        UP,
        /** {@code failure-threshold} consecutive probes failed. */
        DOWN,
        /** Credentials were rejected too often: no login is attempted until they change. */
        SUSPENDED
    }

    public static TargetStatus initial(Target target) {
        return new TargetStatus(target, Optional.empty(), 0, 0, 0, Optional.empty(), OptionalLong.empty(),
                Optional.empty(), Backoff.NONE, target.auth().flavor(), Optional.empty());
    }

    /** The status after one more result. */
    public TargetStatus next(ProbeResult result) {
        Optional<FailureReason> reason = result.failure().map(ProbeFailure::reason);
        int credentials = reason.filter(FailureReason.CREDENTIALS_REJECTED::equals).isPresent()
                ? credentialRejections + 1 : 0;
        int client = reason.filter(FailureReason.CLIENT_REJECTED::equals).isPresent() ? clientRejections + 1 : 0;
        return new TargetStatus(target, Optional.of(result),
                result.success() ? 0 : consecutiveFailures + 1,
                credentials,
                client,
                result.success() ? Optional.of(result.startedAt()) : lastSuccess,
                result.tokenLifetimeSeconds().isPresent() ? result.tokenLifetimeSeconds() : tokenLifetimeSeconds,
                result.tokenExpiresAt().or(() -> tokenExpiresAt),
                RetryPolicy.after(target, credentials, client, result.retryAfter()),
                result.flavor().orElse(flavor),
                result.certificateExpiresAt().or(() -> certificateExpiresAt));
    }

    /** The credentials changed: forget the rejections so logins may be attempted again. */
    public TargetStatus resumed() {
        return new TargetStatus(target, last, consecutiveFailures, 0, 0, lastSuccess, tokenLifetimeSeconds,
                tokenExpiresAt, Backoff.NONE, flavor, certificateExpiresAt);
    }

    public State state() {
        if (backoff.suspended()) {
            return State.SUSPENDED;
        }
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
        data.put("flavor", flavor.label());
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
        certificateExpiresAt.ifPresent(time -> data.put("certificateExpiry", time.toString()));
        if (backoff.suspended()) {
            data.put("suspended", "credentials rejected " + credentialRejections + " times in a row; no login is "
                    + "attempted until the password or API secret changes (rotate the file or restart the monitor)");
        } else if (!backoff.delay().isZero()) {
            data.put("backoffSeconds", backoff.delay().toSeconds());
        }
        return data;
    }
}
