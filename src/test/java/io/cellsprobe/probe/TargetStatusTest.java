package io.cellsprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.cellsprobe.config.Target;
import io.cellsprobe.probe.TargetStatus.State;
import io.cellsprobe.testing.TestTargets;

class TargetStatusTest {

    private final Target target = TestTargets.at("http://127.0.0.1:9").build();

    @Test
    void pendingUntilTheFirstResult() {
        assertThat(TargetStatus.initial(target).state()).isEqualTo(State.PENDING);
        assertThat(TargetStatus.initial(target).describe()).containsEntry("lastResult", "pending");
    }

    @Test
    void downOnlyAfterFailureThresholdConsecutiveFailures() {
        TargetStatus status = TargetStatus.initial(target).next(failure(FailureReason.HTTP_ERROR));
        assertThat(status.state()).isEqualTo(State.UP);
        status = status.next(failure(FailureReason.HTTP_ERROR)).next(failure(FailureReason.TIMEOUT));

        assertThat(status.consecutiveFailures()).isEqualTo(3);
        assertThat(status.state()).isEqualTo(State.DOWN);
        assertThat(status.next(success()).state()).isEqualTo(State.UP);
        assertThat(status.next(success()).consecutiveFailures()).isZero();
    }

    @Test
    void threeRejectedLoginsInARowSuspendTheTarget() {
        TargetStatus status = TargetStatus.initial(target);
        for (int i = 0; i < 3; i++) {
            status = status.next(failure(FailureReason.CREDENTIALS_REJECTED));
        }

        assertThat(status.state()).isEqualTo(State.SUSPENDED);
        assertThat(status.describe()).containsKey("suspended");
        assertThat(status.resumed().state()).isEqualTo(State.DOWN);
        assertThat(status.resumed().backoff()).isEqualTo(Backoff.NONE);
    }

    @Test
    void anotherFailureInBetweenRestartsTheRejectionCount() {
        TargetStatus status = TargetStatus.initial(target)
                .next(failure(FailureReason.CREDENTIALS_REJECTED))
                .next(failure(FailureReason.CREDENTIALS_REJECTED))
                .next(failure(FailureReason.TIMEOUT))
                .next(failure(FailureReason.CREDENTIALS_REJECTED));

        assertThat(status.credentialRejections()).isEqualTo(1);
        assertThat(status.state()).isNotEqualTo(State.SUSPENDED);
    }

    @Test
    void tokenFactsAreKeptWhenALaterProbeHasNone() {
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
        ProbeResult withToken = new ProbeResult(target.name(), Instant.now(), Optional.empty(),
                Map.of(Phase.TOTAL, Duration.ofMillis(5)), Map.of(), OptionalLong.of(599), Optional.of(expiry),
                Optional.empty(), Optional.empty(), Optional.empty());

        TargetStatus status = TargetStatus.initial(target).next(withToken).next(failure(FailureReason.CONNECT));

        assertThat(status.tokenLifetimeSeconds()).hasValue(599);
        assertThat(status.tokenExpiresAt()).contains(expiry);
        assertThat(status.lastSuccess()).contains(withToken.startedAt());
    }

    private ProbeResult success() {
        return new ProbeResult(target.name(), Instant.now(), Optional.empty(), Map.of(Phase.TOTAL, Duration.ofMillis(5)),
                Map.of(), OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private ProbeResult failure(FailureReason reason) {
        return new ProbeResult(target.name(), Instant.now(), Optional.of(new ProbeFailure(Phase.TOKEN, reason, "x")),
                Map.of(Phase.TOTAL, Duration.ofMillis(5)), Map.of(), OptionalLong.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
