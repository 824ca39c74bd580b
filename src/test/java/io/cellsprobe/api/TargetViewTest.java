package io.cellsprobe.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.cellsprobe.api.TargetView.Fact;
import io.cellsprobe.config.Target;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.status.TargetStatus.State;
import io.cellsprobe.testing.TestTargets;

class TargetViewTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private final Target target = TestTargets.at("https://cells.example.org").interval(Duration.ofSeconds(30)).build();

    @Test
    void pendingTargetShowsThatNothingRanYet() {
        TargetView view = TargetView.of(TargetStatus.initial(target), List.of(), NOW);

        assertThat(view.state()).isEqualTo(State.PENDING);
        assertThat(view.problem()).isNull();
        assertThat(fact(view, "Last probe").value()).isEqualTo("none yet");
        assertThat(fact(view, "TLS certificate expiry").value()).isEqualTo("not seen yet");
        assertThat(view.chart().empty()).isTrue();
    }

    @Test
    void healthyTargetShowsItsTokenAndCertificate() {
        ProbeResult passed = new ProbeResult(target.name(), NOW.minusSeconds(4), Optional.empty(),
                Map.of(Phase.TOKEN, Duration.ofMillis(7), Phase.TOTAL, Duration.ofMillis(12)), Map.of(),
                OptionalLong.of(599), Optional.of(NOW.plusSeconds(595)), Optional.empty(), Optional.empty(),
                Optional.of(NOW.plus(Duration.ofDays(10))), List.of());

        TargetView view = TargetView.of(TargetStatus.initial(target).next(passed), List.of(), NOW);

        assertThat(view.state()).isEqualTo(State.UP);
        assertThat(fact(view, "Last probe").value()).isEqualTo("success, 11:59:56 UTC (4 s ago), 12 ms");
        assertThat(fact(view, "Token expiry").value()).isEqualTo("12:09:55 UTC (in 9 min), lifetime 599 s");
        assertThat(fact(view, "TLS certificate expiry")).as("10 days left: highlighted")
                .returns(true, Fact::warn).returns("2026-12-08 12:00 UTC (in 10 days)", Fact::value);
        assertThat(fact(view, "Backoff").value()).isEqualTo("none: a probe every 30 s");
    }

    @Test
    void downTargetShowsWhatFailed() {
        TargetView view = TargetView.of(threeFailures(FailureReason.CONNECT, "connection refused"), List.of(), NOW);

        assertThat(view.state()).isEqualTo(State.DOWN);
        assertThat(view.problem()).isEqualTo(new TargetView.Problem("connect", "token", "connection refused"));
        assertThat(fact(view, "Consecutive failures")).returns("3 (DOWN at 3)", Fact::value).returns(true, Fact::warn);
        assertThat(fact(view, "Last success")).returns("none since the monitor started", Fact::value)
                .returns(true, Fact::warn);
    }

    @Test
    void suspendedTargetSaysWhatToDo() {
        TargetStatus status = threeFailures(FailureReason.CREDENTIALS_REJECTED, "answered 403 access_denied");

        TargetView view = TargetView.of(status, List.of(), NOW);

        assertThat(view.state()).isEqualTo(State.SUSPENDED);
        assertThat(view.advice()).isEqualTo(status.describe().get("suspended")).contains("password");
        assertThat(fact(view, "Backoff").value()).startsWith("suspended");
    }

    @Test
    void fieldsThePageDoesNotKnowAreShownAsTheyAre() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("target", "prod");
        described.put("dnsServer", "10.0.0.53");
        described.put("retries", 2);

        assertThat(TargetView.otherFields(described)).containsExactly(
                new Fact("dnsServer", "10.0.0.53", false), new Fact("retries", "2", false));
    }

    private TargetStatus threeFailures(FailureReason reason, String detail) {
        TargetStatus status = TargetStatus.initial(target);
        for (int i = 0; i < 3; i++) {
            status = status.next(failed(reason, detail));
        }
        return status;
    }

    private ProbeResult failed(FailureReason reason, String detail) {
        return new ProbeResult(target.name(), NOW.minusSeconds(30), Optional.of(new ProbeFailure(Phase.TOKEN, reason,
                detail, reason == FailureReason.CREDENTIALS_REJECTED)), Map.of(Phase.TOKEN, Duration.ofMillis(3), Phase.TOTAL, Duration.ofMillis(3)), Map.of(),
                OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    private static Fact fact(TargetView view, String label) {
        return view.facts().stream().filter(fact -> fact.label().equals(label)).findFirst().orElseThrow();
    }
}
