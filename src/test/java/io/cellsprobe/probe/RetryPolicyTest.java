package io.cellsprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cellsprobe.config.Target;
import io.cellsprobe.testing.TestTargets;

class RetryPolicyTest {

    private final Target target = TestTargets.at("http://127.0.0.1:9").interval(Duration.ofSeconds(30)).build();

    @Test
    void successStaysOnTheNormalSchedule() {
        assertThat(RetryPolicy.after(target, 0, 0, Optional.empty())).isEqualTo(Backoff.NONE);
    }

    @Test
    void rejectedCredentialsBackOffFromTwiceTheIntervalDoubling() {
        assertThat(RetryPolicy.after(target, 1, 0, Optional.empty()).delay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryPolicy.after(target, 2, 0, Optional.empty()).delay()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void rejectedCredentialsSuspendAtMaxCredentialAttempts() {
        assertThat(target.maxCredentialAttempts()).isEqualTo(3);

        assertThat(RetryPolicy.after(target, 3, 0, Optional.empty()).suspended()).isTrue();
        assertThat(RetryPolicy.after(target, 2, 0, Optional.empty()).suspended()).isFalse();
    }

    @Test
    void rejectedClientBacksOffButIsCappedAndNeverSuspended() {
        Backoff afterMany = RetryPolicy.after(target, 0, 40, Optional.empty());

        assertThat(afterMany.suspended()).isFalse();
        assertThat(afterMany.delay()).isEqualTo(target.maxBackoff()).isEqualTo(Duration.ofMinutes(10));
        assertThat(RetryPolicy.after(target, 0, 1, Optional.empty()).delay()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void retryAfterLongerThanTheIntervalDelaysTheNextProbeUpToTheCap() {
        assertThat(RetryPolicy.after(target, 0, 0, Optional.of(Duration.ofSeconds(90))).delay())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryPolicy.after(target, 0, 0, Optional.of(Duration.ofHours(5))).delay())
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(RetryPolicy.after(target, 0, 0, Optional.of(Duration.ofSeconds(5)))).isEqualTo(Backoff.NONE);
    }
}
