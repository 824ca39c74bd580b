package io.cellsprobe.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cellsprobe.history.Sample;
import io.cellsprobe.status.Backoff;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.status.TargetStatus.State;

/**
 * One target as the status page shows it: its state, what failed, the facts an operator checks
 * first, every other field of {@link TargetStatus#describe()}, and the chart of its last hour.
 *
 * @param problem what the last probe failed on; null when it passed or none ran yet (the template's
 *        {@code #if} reads null as false)
 * @param advice what to do when the target needs a person (today: why logins are suspended), or null
 * @param otherFields the fields of {@code describe()} the page does not show in its own words, so a
 *        field added there appears here without a change to the page
 */
public record TargetView(String name, State state, String flavor, String url, Problem problem, String advice,
        List<Fact> facts, List<Fact> otherFields, DurationChart chart) {

    /** A certificate closer to its end than this is highlighted (the CellsTlsCertificateExpiringSoon alert's 14 days). */
    static final Duration CERTIFICATE_WARNING = Duration.ofDays(14);

    /** The {@code describe()} fields shown in the page's own words (header, problem, advice, facts). */
    static final Set<String> SHOWN_FIELDS = Set.of("target", "url", "state", "flavor", "lastResult", "reason", "phase",
            "detail", "consecutiveFailures", "failureThreshold", "lastSuccess", "lastRun", "lastDurationSeconds",
            "tokenExpiry", "certificateExpiry", "backoffSeconds", "nextAttempt", "credentialRejections",
            "maxCredentialRejections", "suspended");

    private static final String ADVICE_FIELD = "suspended";

    public record Problem(String reason, String phase, String detail) {
    }

    /** @param warn shown highlighted: worth a look */
    public record Fact(String label, String value, boolean warn) {
    }

    static TargetView of(TargetStatus status, List<Sample> lastHour, Instant now) {
        Map<String, Object> described = status.describe();
        Problem problem = status.last().flatMap(ProbeResult::failure).map(TargetView::problem).orElse(null);
        Object advice = described.get(ADVICE_FIELD);
        return new TargetView(status.target().name(), status.state(), status.flavor().label(),
                status.target().url().toString(), problem, advice == null ? null : advice.toString(),
                facts(status, now), otherFields(described), DurationChart.of(lastHour, now, status.target().interval()));
    }

    static List<Fact> otherFields(Map<String, Object> described) {
        return described.entrySet().stream().filter(field -> !SHOWN_FIELDS.contains(field.getKey()))
                .map(field -> new Fact(field.getKey(), String.valueOf(field.getValue()), false)).toList();
    }

    private static Problem problem(ProbeFailure failure) {
        return new Problem(failure.reason().label(), failure.phase().label(), failure.detail());
    }

    private static List<Fact> facts(TargetStatus status, Instant now) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Last probe", status.last().map(result -> (result.success() ? "success, " : "failure, ")
                + TimeText.moment(result.startedAt(), now) + ", " + TimeText.millis(result.total().toNanos() / 1e6))
                .orElse("none yet"), status.last().filter(result -> !result.success()).isPresent()));
        facts.add(new Fact("Last success", status.lastSuccess().map(time -> TimeText.moment(time, now))
                .orElse("none since the monitor started"), status.last().isPresent() && status.lastSuccess().isEmpty()));
        facts.add(new Fact("Consecutive failures", status.consecutiveFailures() + " (DOWN at "
                + status.target().failureThreshold() + ")", status.consecutiveFailures() > 0));
        facts.add(new Fact("Backoff", backoff(status, now), !status.backoff().onNormalSchedule()));
        facts.add(new Fact("Refused logins in a row", status.credentialRejections() + " of at most "
                + status.target().lockout().maxCredentialRejections() + " (Cells locks the account at 10)",
                status.credentialRejections() > 0));
        String lifetime = status.tokenLifetimeSeconds().isPresent()
                ? ", lifetime " + status.tokenLifetimeSeconds().getAsLong() + " s" : "";
        facts.add(new Fact("Token expiry", status.tokenExpiresAt().map(time -> TimeText.moment(time, now) + lifetime)
                .orElse("no token seen yet"), false));
        facts.add(new Fact("TLS certificate expiry", status.certificateExpiresAt().map(time -> TimeText.moment(time, now))
                .orElse("https".equals(status.target().url().getScheme()) ? "not seen yet" : "none (plain HTTP)"),
                status.certificateExpiresAt().filter(time -> time.isBefore(now.plus(CERTIFICATE_WARNING))).isPresent()));
        return List.copyOf(facts);
    }

    private static String backoff(TargetStatus status, Instant now) {
        Backoff backoff = status.backoff();
        if (backoff.stopped()) {
            return "stopped: no login until the credentials change or the monitor restarts";
        }
        String next = status.nextAttempt().map(time -> "next attempt " + TimeText.moment(time, now)).orElse(null);
        if (backoff.suspended()) {
            return "suspended: " + (next != null ? next : "each run asks with the last token, no password");
        }
        return next != null ? next : "none: a probe every " + TimeText.span(status.target().interval());
    }
}
