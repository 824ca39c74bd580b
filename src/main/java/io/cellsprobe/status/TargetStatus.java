package io.cellsprobe.status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Target;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.probe.Refusal;

/**
 * What is known about a target after its latest probe: folded from the stream of results, so
 * health, metrics, logs, the scheduler and the status API all read one consistent picture.
 *
 * @param credentialRejections refused logins since the last success (what Cells counts toward locking
 *                             the account), whatever the evidence said about them; while a refusal is
 *                             unresolved, logins whose answer never came count too
 * @param clientRejections consecutive {@code client_rejected} results
 * @param unresolvedRefusal the last refused login, as judged, while no success followed it
 * @param tokenLifetimeSeconds the last known {@code expires_in}, kept when a later probe has none
 * @param tokenExpiresAt the last known token expiry, kept when a later probe has none
 * @param heldTokenExpiresAt when the token of the last successful probe (the monitor's evidence) expires
 * @param flavor the flavor in use: the configured one, or the detected one for {@code auto}
 * @param certificateExpiresAt the earliest notAfter of the server's last certificate chain (HTTPS)
 */
public record TargetStatus(
        Target target,
        Optional<ProbeResult> last,
        int consecutiveFailures,
        int credentialRejections,
        int clientRejections,
        Optional<Refusal> unresolvedRefusal,
        Optional<Instant> lastSuccess,
        OptionalLong tokenLifetimeSeconds,
        Optional<Instant> tokenExpiresAt,
        Optional<Instant> heldTokenExpiresAt,
        Backoff backoff,
        Flavor flavor,
        Optional<Instant> certificateExpiresAt) {

    public enum State {
        /** No probe has finished yet. */
        PENDING,
        UP,
        /** {@code failure-threshold} consecutive probes failed. */
        DOWN,
        /**
         * Logins refused too often, or the account is locked: at most a cautious attempt after
         * {@code suspended-retry}, none once the rejection budget is spent.
         */
        SUSPENDED
    }

    public static TargetStatus initial(Target target) {
        return new TargetStatus(target, Optional.empty(), 0, 0, 0, Optional.empty(), Optional.empty(),
                OptionalLong.empty(), Optional.empty(), Optional.empty(), Backoff.NONE, target.auth().flavor(),
                Optional.empty());
    }

    /** The status after one more result. */
    public TargetStatus next(ProbeResult result) {
        Optional<ProbeFailure> failure = result.failure();
        int credentials = result.success() ? 0 : credentialRejections + (failure.filter(this::mayHaveCost).isPresent() ? 1 : 0);
        int client = failure.map(ProbeFailure::reason).filter(FailureReason.CLIENT_REJECTED::equals).isPresent()
                ? clientRejections + 1 : 0;
        Optional<Refusal> refusal = result.success() ? Optional.empty()
                : failure.filter(f -> f.loginRefused() || f.reason() == FailureReason.BACKEND_UNAVAILABLE
                        || f.reason() == FailureReason.ACCOUNT_LOCKED)
                        .map(f -> new Refusal(f.reason(), f.phase()))
                        .or(() -> unresolvedRefusal);
        Optional<Instant> heldToken = result.success() ? result.tokenExpiresAt() : heldTokenExpiresAt;
        return new TargetStatus(target, Optional.of(result),
                result.success() ? 0 : consecutiveFailures + 1,
                credentials,
                client,
                refusal,
                result.success() ? Optional.of(result.startedAt()) : lastSuccess,
                result.tokenLifetimeSeconds().isPresent() ? result.tokenLifetimeSeconds() : tokenLifetimeSeconds,
                result.tokenExpiresAt().or(() -> tokenExpiresAt),
                heldToken,
                RetryPolicy.after(target, result, credentials, client, heldToken),
                result.flavor().orElse(flavor),
                result.certificateExpiresAt().or(() -> certificateExpiresAt));
    }

    /**
     * Whether this failure may have cost the account a failed login: a refused one, or, while the
     * password is in doubt, a login whose answer never came (Cells may have counted it all the same).
     */
    private boolean mayHaveCost(ProbeFailure failure) {
        boolean loginUnanswered = (failure.phase() == Phase.TOKEN || failure.phase() == Phase.SESSION)
                && (failure.reason() == FailureReason.TIMEOUT || failure.reason() == FailureReason.CONNECT);
        return failure.loginRefused() || (unresolvedRefusal.isPresent() && loginUnanswered);
    }

    /** The credentials changed: forget the rejections so logins may be attempted again. */
    public TargetStatus resumed() {
        return new TargetStatus(target, last, consecutiveFailures, 0, 0, Optional.empty(), lastSuccess,
                tokenLifetimeSeconds, tokenExpiresAt, heldTokenExpiresAt, Backoff.NONE, flavor, certificateExpiresAt);
    }

    /** When the next attempt starts, if one is planned later than the normal schedule. */
    public Optional<Instant> nextAttempt() {
        return last.flatMap(result -> backoff.delay().filter(delay -> !delay.isZero())
                .map(delay -> result.startedAt().plus(delay)));
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
        data.put("credentialRejections", credentialRejections);
        data.put("maxCredentialRejections", target.lockout().maxCredentialRejections());
        nextAttempt().ifPresent(time -> {
            data.put("backoffSeconds", backoff.delay().orElseThrow().toSeconds());
            data.put("nextAttempt", time.toString());
        });
        if (backoff.suspended()) {
            data.put("suspended", whatToDo());
        }
        return data;
    }

    /** For a person: why no login is attempted, what comes next, and what fixes it. */
    public String whatToDo() {
        int remaining = target.lockout().maxCredentialRejections() - credentialRejections;
        String resume = "rotate the password-file/api-secret-file or restart the monitor to try at once";
        if (backoff.stopped()) {
            return "logins refused " + credentialRejections + " times in a row (max-credential-rejections): no login is "
                    + "attempted until the password or API secret changes or the monitor restarts; Cells blocks an "
                    + "account at 10. Fix the credentials, then " + resume;
        }
        String next = backoff.delay().filter(delay -> !delay.isZero()).isPresent()
                ? "one login attempt at " + nextAttempt().map(Instant::toString).orElse("the next run")
                : "each run asks with the last token only, no password";
        if (unresolvedRefusal.map(Refusal::reason).filter(FailureReason.ACCOUNT_LOCKED::equals).isPresent()) {
            return "Cells says the account " + target.username() + " is locked: unlock it (cells admin user unlock -u "
                    + target.username() + "), then find who failed to log in; " + next + " (" + remaining
                    + " refused logins left before the monitor stops trying), or " + resume;
        }
        return "logins refused " + credentialRejections + " times in a row; " + next + " (" + remaining
                + " refused logins left before the monitor stops trying); fix the password or API secret, then "
                + resume;
    }
}
