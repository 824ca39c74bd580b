package io.cellsprobe.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.testing.TestTargets;

class ProbeHistoryTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private final Target everySecond = TestTargets.at("http://127.0.0.1:9").name("fast")
            .interval(Duration.ofSeconds(1)).timeout(Duration.ofMillis(800)).build();
    private final Target everyHalfMinute = TestTargets.at("http://127.0.0.1:9").name("default")
            .interval(Duration.ofSeconds(30)).build();
    private final ProbeHistory history = new ProbeHistory(new Targets(List.of(everySecond, everyHalfMinute)));

    @Test
    void keepsAtMost360SamplesPerTargetHoweverOftenItProbes() {
        for (int second = 2 * 3600; second >= 0; second--) {
            record(everySecond, success(NOW.minusSeconds(second), 5));
        }

        List<Sample> samples = history.lastHour(everySecond.name(), NOW);

        assertThat(samples).hasSizeBetween(ProbeHistory.MAX_SAMPLES - 1, ProbeHistory.MAX_SAMPLES);
        assertThat(samples.get(0).startedAt()).as("still the whole hour").isBefore(NOW.minus(Duration.ofMinutes(59)));
        assertThat(samples.get(samples.size() - 1).startedAt()).isEqualTo(NOW);
    }

    @Test
    void ringIsSizedFromTheInterval() {
        assertThat(ProbeHistory.capacity(everySecond)).isEqualTo(360);
        assertThat(ProbeHistory.capacity(everyHalfMinute)).isEqualTo(121);
        assertThat(ProbeHistory.capacity(TestTargets.at("http://127.0.0.1:9").interval(Duration.ofMinutes(10)).build()))
                .isEqualTo(7);
    }

    @Test
    void olderSamplesAreOverwrittenOnceTheRingIsFull() {
        for (int i = 0; i < 3 * 121; i++) {
            record(everyHalfMinute, success(NOW.minusSeconds(30L * (3 * 121 - 1 - i)), 5));
        }

        // the ring's 121 samples are the newest probes, and all of them lie within the hour
        assertThat(history.lastHour(everyHalfMinute.name(), NOW)).hasSize(121)
                .first().extracting(Sample::startedAt).isEqualTo(NOW.minus(Duration.ofHours(1)));
    }

    @Test
    void onlyTheLastHourIsReturned() {
        for (Duration age : List.of(Duration.ofHours(2), Duration.ofMinutes(61), Duration.ofMinutes(59), Duration.ZERO)) {
            record(everyHalfMinute, success(NOW.minus(age), 5));
        }

        assertThat(history.lastHour(everyHalfMinute.name(), NOW)).extracting(Sample::startedAt)
                .containsExactly(NOW.minus(Duration.ofMinutes(59)), NOW);
    }

    @Test
    void samplesComeOldestFirstAfterTheRingWrapped() {
        for (int i = 0; i < 200; i++) {
            record(everyHalfMinute, success(NOW.minusSeconds(30L * (200 - i)), i));
        }

        List<Instant> starts = history.lastHour(everyHalfMinute.name(), NOW).stream().map(Sample::startedAt).toList();

        assertThat(starts).hasSize(120).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void probesWithinOneSlotShareASampleWithTheFailureAndTheLongestTimes() {
        Instant slotStart = NOW.minusSeconds(60);
        record(everySecond, success(slotStart, 5));
        record(everySecond, failure(slotStart.plusSeconds(1), 40));
        record(everySecond, success(slotStart.plusSeconds(2), 7));
        record(everySecond, success(slotStart.plusSeconds(10), 3));

        List<Sample> samples = history.lastHour(everySecond.name(), NOW);

        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).success()).isFalse();
        assertThat(samples.get(0).startedAt()).isEqualTo(slotStart);
        assertThat(samples.get(0).durations()).containsEntry(Phase.TOTAL, Duration.ofMillis(40))
                .containsEntry(Phase.TOKEN, Duration.ofMillis(39))
                .as("a phase that ran in any probe of the slot").containsKey(Phase.USER);
        assertThat(samples.get(1).success()).isTrue();
    }

    @Test
    void phasesThatDidNotRunAreAbsent() {
        record(everyHalfMinute, failure(NOW, 12));

        assertThat(history.lastHour(everyHalfMinute.name(), NOW).get(0).durations())
                .containsOnlyKeys(Phase.TOKEN, Phase.TOTAL);
    }

    @Test
    void resultOfAnUnknownTargetIsIgnored() {
        Target unknown = TestTargets.at("http://127.0.0.1:9").name("unknown").build();

        assertThatCode(() -> record(unknown, success(NOW, 5))).doesNotThrowAnyException();
        assertThat(history.lastHour("unknown", NOW)).isEmpty();
        assertThat(history.lastHour(everyHalfMinute.name(), NOW)).isEmpty();
    }

    private void record(Target target, ProbeResult result) {
        TargetStatus before = TargetStatus.initial(target);
        history.onProbe(before, before.next(result));
    }

    /** A success whose token step took {@code millis}, the user step 1 ms, and the whole probe one more. */
    private static ProbeResult success(Instant startedAt, long millis) {
        return result(startedAt, Optional.empty(), Map.of(Phase.TOKEN, Duration.ofMillis(millis),
                Phase.USER, Duration.ofMillis(1), Phase.TOTAL, Duration.ofMillis(millis + 1)));
    }

    /** A failure at the token step after {@code millis}: the user step never ran. */
    private static ProbeResult failure(Instant startedAt, long millis) {
        return result(startedAt, Optional.of(new ProbeFailure(Phase.TOKEN, FailureReason.TIMEOUT, "timed out", false)),
                Map.of(Phase.TOKEN, Duration.ofMillis(millis - 1), Phase.TOTAL, Duration.ofMillis(millis)));
    }

    private static ProbeResult result(Instant startedAt, Optional<ProbeFailure> failure, Map<Phase, Duration> durations) {
        return new ProbeResult("ignored", startedAt, failure, durations, Map.of(), OptionalLong.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }
}
