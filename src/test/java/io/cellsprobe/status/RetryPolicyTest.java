package io.cellsprobe.status;

import static io.cellsprobe.testing.TestResults.failure;
import static io.cellsprobe.testing.TestResults.refusedLogin;
import static io.cellsprobe.testing.TestResults.success;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.cellsprobe.config.LockoutSettings;
import io.cellsprobe.config.Target;
import io.cellsprobe.testing.TestTargets;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeResult;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    /** Interval 30 s, 3 fast attempts, 8 refused logins at most, suspended-retry 30 min, max-backoff 10 min. */
    private final Target target = TestTargets.at("http://127.0.0.1:9").interval(Duration.ofSeconds(30)).build();

    @Test
    void successStaysOnTheNormalSchedule() {
        assertThat(RetryPolicy.after(target, success(target), 0, 0, Optional.empty())).isEqualTo(Backoff.NONE);
    }

    @Test
    void rejectedCredentialsBackOffFromTwiceTheIntervalDoubling() {
        assertThat(afterRejections(1)).isEqualTo(Backoff.waiting(Duration.ofSeconds(60)));
        assertThat(afterRejections(2)).isEqualTo(Backoff.waiting(Duration.ofSeconds(120)));
    }

    @Test
    void rejectedCredentialsSuspendAtMaxCredentialAttemptsThenRetryAfterSuspendedRetryDoubling() {
        assertThat(target.lockout()).isEqualTo(LockoutSettings.DEFAULT);

        assertThat(afterRejections(3)).isEqualTo(Backoff.suspendedFor(Duration.ofMinutes(30)));
        assertThat(afterRejections(4)).isEqualTo(Backoff.suspendedFor(Duration.ofMinutes(60)));
        assertThat(afterRejections(7)).isEqualTo(Backoff.suspendedFor(Duration.ofHours(8)));
    }

    @Test
    void rejectionBudgetSpentStopsAllLogins() {
        assertThat(afterRejections(8)).isEqualTo(Backoff.STOPPED);
        assertThat(RetryPolicy.after(target, refusedLogin(target, FailureReason.BACKEND_UNAVAILABLE, NOW), 8, 0,
                Optional.empty())).as("whatever the evidence said").isEqualTo(Backoff.STOPPED);
        assertThat(RetryPolicy.after(target, failure(target, FailureReason.TIMEOUT, NOW), 8, 0, Optional.empty()))
                .as("and whatever failed after").isEqualTo(Backoff.STOPPED);
        assertThat(Backoff.STOPPED.seconds()).isInfinite();
    }

    @Test
    void otherFailuresWhileRefusalsAreUnresolvedKeepTheLoginPace() {
        assertThat(RetryPolicy.after(target, failure(target, FailureReason.TIMEOUT, NOW), 2, 0, Optional.empty()))
                .isEqualTo(Backoff.waiting(Duration.ofSeconds(120)));
        assertThat(RetryPolicy.after(target, failure(target, FailureReason.TIMEOUT, NOW), 4, 0, Optional.empty()))
                .isEqualTo(Backoff.suspendedFor(Duration.ofMinutes(60)));
    }

    @Test
    void backendUnavailableStaysOnScheduleBecauseItsRunsSendNoPassword() {
        assertThat(RetryPolicy.after(target, refusedLogin(target, FailureReason.BACKEND_UNAVAILABLE, NOW), 1, 0,
                Optional.empty())).isEqualTo(Backoff.NONE);
        assertThat(RetryPolicy.after(target, failure(target, FailureReason.BACKEND_UNAVAILABLE, NOW), 2, 0,
                Optional.empty())).isEqualTo(Backoff.NONE);
    }

    @Test
    void backendUnavailableAfterMaxCredentialAttemptsIsSuspendedLikeRejectedCredentials() {
        assertThat(RetryPolicy.after(target, refusedLogin(target, FailureReason.BACKEND_UNAVAILABLE, NOW), 3, 0,
                Optional.empty())).isEqualTo(Backoff.suspendedFor(Duration.ofMinutes(30)));
    }

    @Test
    void accountLockedSuspendsAtOnceAndLooksWithTheHeldTokenWhileItLasts() {
        ProbeResult locked = refusedLogin(target, FailureReason.ACCOUNT_LOCKED, NOW);

        assertThat(RetryPolicy.after(target, locked, 1, 0, Optional.of(NOW.plusSeconds(300))))
                .as("token valid through the next run").isEqualTo(Backoff.suspendedFor(Duration.ZERO));
        assertThat(RetryPolicy.after(target, locked, 1, 0, Optional.of(NOW.plusSeconds(31))))
                .as("token expires during the next run").isEqualTo(Backoff.suspendedFor(Duration.ofMinutes(30)));
        assertThat(RetryPolicy.after(target, locked, 1, 0, Optional.empty()))
                .isEqualTo(Backoff.suspendedFor(Duration.ofMinutes(30)));
        assertThat(RetryPolicy.after(target, locked, 5, 0, Optional.empty()))
                .isEqualTo(Backoff.suspendedFor(Duration.ofMinutes(120)));
    }

    @Test
    void rejectedClientBacksOffButIsCappedAndNeverSuspended() {
        Backoff afterMany = RetryPolicy.after(target, failure(target, FailureReason.CLIENT_REJECTED, NOW), 0, 40,
                Optional.empty());

        assertThat(afterMany).isEqualTo(Backoff.waiting(Duration.ofMinutes(10)));
        assertThat(RetryPolicy.after(target, failure(target, FailureReason.CLIENT_REJECTED, NOW), 0, 1,
                Optional.empty())).isEqualTo(Backoff.waiting(Duration.ofSeconds(60)));
    }

    @Test
    void retryAfterLongerThanTheIntervalDelaysTheNextProbeUpToTheCap() {
        assertThat(RetryPolicy.after(target, askingToWait(Duration.ofSeconds(90)), 0, 0, Optional.empty()))
                .isEqualTo(Backoff.waiting(Duration.ofSeconds(90)));
        assertThat(RetryPolicy.after(target, askingToWait(Duration.ofHours(5)), 0, 0, Optional.empty()))
                .isEqualTo(Backoff.waiting(Duration.ofMinutes(10)));
        assertThat(RetryPolicy.after(target, askingToWait(Duration.ofSeconds(5)), 0, 0, Optional.empty()))
                .isEqualTo(Backoff.NONE);
    }

    private Backoff afterRejections(int rejections) {
        return RetryPolicy.after(target, refusedLogin(target, FailureReason.CREDENTIALS_REJECTED, NOW), rejections, 0,
                Optional.empty());
    }

    private ProbeResult askingToWait(Duration retryAfter) {
        return new ProbeResult(target.name(), NOW,
                Optional.of(new ProbeFailure(Phase.TOKEN, FailureReason.HTTP_ERROR, "answered 503", false)),
                Map.of(Phase.TOTAL, Duration.ofMillis(5)), Map.of(Phase.TOKEN, 503), OptionalLong.empty(),
                Optional.empty(), Optional.of(retryAfter), Optional.empty(), Optional.empty(), List.of());
    }
}
