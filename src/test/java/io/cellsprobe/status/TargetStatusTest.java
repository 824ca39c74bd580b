package io.cellsprobe.status;

import static io.cellsprobe.testing.TestResults.refusedLogin;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.cellsprobe.config.Target;
import io.cellsprobe.status.TargetStatus.State;
import io.cellsprobe.testing.TestResults;
import io.cellsprobe.testing.TestTargets;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.probe.Refusal;

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
            status = status.next(refusedLogin(target, FailureReason.CREDENTIALS_REJECTED, Instant.now()));
        }

        assertThat(status.state()).isEqualTo(State.SUSPENDED);
        assertThat(status.describe()).containsKey("suspended").containsKey("nextAttempt")
                .containsEntry("credentialRejections", 3);
        assertThat(status.resumed().state()).isEqualTo(State.DOWN);
        assertThat(status.resumed().backoff()).isEqualTo(Backoff.NONE);
        assertThat(status.resumed().unresolvedRefusal()).isEmpty();
    }

    @Test
    void otherFailuresInBetweenDoNotRefillTheRejectionBudget() {
        TargetStatus status = TargetStatus.initial(target)
                .next(refusedLogin(target, FailureReason.CREDENTIALS_REJECTED, Instant.now()))
                .next(refusedLogin(target, FailureReason.CREDENTIALS_REJECTED, Instant.now()))
                .next(failure(FailureReason.HTTP_ERROR))
                .next(refusedLogin(target, FailureReason.CREDENTIALS_REJECTED, Instant.now()));

        assertThat(status.credentialRejections()).as("Cells clears its count only at a success").isEqualTo(3);
        assertThat(status.state()).isEqualTo(State.SUSPENDED);
    }

    @Test
    void unansweredLoginWhileThePasswordIsInDoubtCountsAsARejection() {
        TargetStatus status = TargetStatus.initial(target)
                .next(refusedLogin(target, FailureReason.CREDENTIALS_REJECTED, Instant.now()))
                .next(failure(FailureReason.TIMEOUT))
                .next(failure(FailureReason.CONNECT));

        assertThat(status.credentialRejections()).as("Cells may have counted them").isEqualTo(3);
    }

    @Test
    void unansweredLoginsOfAnUndoubtedPasswordCostNothing() {
        TargetStatus status = TargetStatus.initial(target)
                .next(failure(FailureReason.TIMEOUT))
                .next(failure(FailureReason.TIMEOUT))
                .next(failure(FailureReason.TIMEOUT));

        assertThat(status.credentialRejections()).as("a slow Cells is not a wrong password").isZero();
        assertThat(status.state()).isEqualTo(State.DOWN);
    }

    @Test
    void aSuccessClearsTheRejectionsAndTheUnresolvedRefusal() {
        TargetStatus status = TargetStatus.initial(target)
                .next(refusedLogin(target, FailureReason.BACKEND_UNAVAILABLE, Instant.now()))
                .next(success());

        assertThat(status.credentialRejections()).isZero();
        assertThat(status.unresolvedRefusal()).isEmpty();
    }

    @Test
    void evidenceOnlyRunsKeepTheRefusalButCountNoRejection() {
        TargetStatus status = TargetStatus.initial(target)
                .next(refusedLogin(target, FailureReason.CREDENTIALS_REJECTED, Instant.now()))
                .next(failure(FailureReason.BACKEND_UNAVAILABLE))
                .next(failure(FailureReason.BACKEND_UNAVAILABLE));

        assertThat(status.credentialRejections()).isEqualTo(1);
        assertThat(status.unresolvedRefusal()).contains(new Refusal(FailureReason.BACKEND_UNAVAILABLE, Phase.TOKEN));
        assertThat(status.state()).isNotEqualTo(State.SUSPENDED);
    }

    @Test
    void aLockedAccountIsSuspendedAtOnceAndSaysToUnlockIt() {
        TargetStatus status = TargetStatus.initial(target)
                .next(refusedLogin(target, FailureReason.ACCOUNT_LOCKED, Instant.now()));

        assertThat(status.state()).isEqualTo(State.SUSPENDED);
        assertThat(status.whatToDo()).contains("cells admin user unlock -u " + TestTargets.USERNAME);
    }

    @Test
    void aRefusalAtTheRejectionCapStopsAllLoginsAndSaysSo() {
        TargetStatus status = TargetStatus.initial(target);
        for (int i = 0; i < target.lockout().maxCredentialRejections(); i++) {
            status = status.next(refusedLogin(target, FailureReason.CREDENTIALS_REJECTED, Instant.now()));
        }

        assertThat(status.backoff()).isEqualTo(Backoff.STOPPED);
        assertThat(status.describe()).doesNotContainKey("nextAttempt").containsEntry("credentialRejections", 8);
        assertThat(status.whatToDo()).contains("no login is attempted until the password or API secret changes");
    }

    @Test
    void tokenFactsAreKeptWhenALaterProbeHasNone() {
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
        ProbeResult withToken = new ProbeResult(target.name(), Instant.now(), Optional.empty(),
                Map.of(Phase.TOTAL, Duration.ofMillis(5)), Map.of(), OptionalLong.of(599), Optional.of(expiry),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of());

        TargetStatus status = TargetStatus.initial(target).next(withToken).next(failure(FailureReason.CONNECT));

        assertThat(status.tokenLifetimeSeconds()).hasValue(599);
        assertThat(status.tokenExpiresAt()).contains(expiry);
        assertThat(status.lastSuccess()).contains(withToken.startedAt());
    }

    private ProbeResult success() {
        return TestResults.success(target);
    }

    private ProbeResult failure(FailureReason reason) {
        return TestResults.failure(target, reason);
    }
}
