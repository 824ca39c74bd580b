package io.cellsprobe.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimeTextTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void momentsWithinADayShowTheClockAndHowLongAgoOrAhead() {
        assertThat(TimeText.moment(NOW.minusSeconds(4), NOW)).isEqualTo("11:59:56 UTC (4 s ago)");
        assertThat(TimeText.moment(NOW.plusSeconds(599), NOW)).isEqualTo("12:09:59 UTC (in 9 min)");
        assertThat(TimeText.moment(NOW.minusMillis(815), NOW)).as("whole seconds").isEqualTo("11:59:59 UTC (0 s ago)");
    }

    @Test
    void fartherMomentsShowTheDate() {
        assertThat(TimeText.moment(NOW.plus(Duration.ofDays(65)), NOW)).isEqualTo("2027-02-01 12:00 UTC (in 65 days)");
    }

    @Test
    void spansAreCoarse() {
        assertThat(TimeText.span(Duration.ofMillis(500))).isEqualTo("500 ms");
        assertThat(TimeText.span(Duration.ZERO)).isEqualTo("0 s");
        assertThat(TimeText.span(Duration.ofSeconds(119))).isEqualTo("119 s");
        assertThat(TimeText.span(Duration.ofMinutes(90))).isEqualTo("90 min");
        assertThat(TimeText.span(Duration.ofHours(30))).isEqualTo("30 h");
        assertThat(TimeText.span(Duration.ofDays(3))).isEqualTo("3 days");
    }

    @Test
    void millisecondsReadAtAGlance() {
        assertThat(TimeText.millis(0.84)).isEqualTo("0.8 ms");
        assertThat(TimeText.millis(5)).isEqualTo("5 ms");
        assertThat(TimeText.millis(12.4)).isEqualTo("12 ms");
        assertThat(TimeText.millis(1250)).isEqualTo("1.25 s");
        assertThat(TimeText.millis(10_000)).isEqualTo("10 s");
    }
}
