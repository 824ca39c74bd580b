package io.cellsprobe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.cellsprobe.api.DurationChart.Series;
import io.cellsprobe.api.DurationChart.Tick;
import io.cellsprobe.history.Sample;
import io.cellsprobe.probe.Phase;

class DurationChartTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Pattern POINT = Pattern.compile("[ML](-?[0-9.]+) (-?[0-9.]+)");

    @Test
    void oneLinePerPhaseThatRanInPhaseOrder() {
        DurationChart chart = DurationChart.of(List.of(passed(minutesAgo(20), 5, 2), passed(minutesAgo(19.5), 6, 3),
                passed(minutesAgo(19), 7, 4)), NOW, INTERVAL);

        assertThat(chart.series()).extracting(Series::phase).containsExactly("token", "user", "total");
        assertThat(chart.series()).allSatisfy(series -> assertThat(points(series)).hasSize(3));
        assertThat(chart.series()).extracting(Series::last).containsExactly("7 ms", "4 ms", "11 ms");
        assertThat(chart.failures()).isEmpty();
    }

    @Test
    void pointsLieInsideThePlotAndLaterProbesFurtherRight() {
        DurationChart chart = DurationChart.of(List.of(passed(minutesAgo(59), 1, 1), passed(minutesAgo(30), 80, 5),
                passed(minutesAgo(0), 3, 1)), NOW, Duration.ofMinutes(20));

        List<double[]> total = points(chart.series().get(2));
        assertThat(total).extracting(point -> point[0]).isSorted()
                .allSatisfy(x -> assertThat(x).isBetween(58.0, 708.0));
        assertThat(total).extracting(point -> point[1]).allSatisfy(y -> assertThat(y).isBetween(10.0, 166.0));
        assertThat(total.get(1)[1]).as("the slowest probe is the highest point").isLessThan(total.get(0)[1]);
    }

    @Test
    void theSlowestProbeSetsANiceScale() {
        DurationChart chart = DurationChart.of(List.of(passed(minutesAgo(5), 400, 20)), NOW, INTERVAL);

        assertThat(chart.durationTicks()).extracting(Tick::label).containsExactly("0", "250 ms", "500 ms");
    }

    @Test
    void niceCeilingIsOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(DurationChart.niceCeiling(0.3)).isEqualTo(1);
        assertThat(DurationChart.niceCeiling(7)).isEqualTo(10);
        assertThat(DurationChart.niceCeiling(12)).isEqualTo(20);
        assertThat(DurationChart.niceCeiling(420)).isEqualTo(500);
        assertThat(DurationChart.niceCeiling(1000)).isEqualTo(1000);
        assertThat(DurationChart.niceCeiling(10_001)).isEqualTo(20_000);
    }

    @Test
    void timeAxisRunsFromAnHourAgoToNow() {
        DurationChart chart = DurationChart.of(List.of(passed(minutesAgo(1), 1, 1)), NOW, INTERVAL);

        assertThat(chart.timeTicks()).extracting(Tick::label)
                .containsExactly("-60 min", "-45 min", "-30 min", "-15 min", "now");
        assertThat(chart.timeTicks()).extracting(Tick::at).startsWith("58.0").endsWith("708.0");
    }

    @Test
    void failedProbesAreMarkedAtTheirTime() {
        Sample failed = new Sample(minutesAgo(30), false, Map.of(Phase.TOKEN, Duration.ofMillis(800),
                Phase.TOTAL, Duration.ofMillis(801)));

        DurationChart chart = DurationChart.of(List.of(passed(minutesAgo(31), 5, 2), failed), NOW, INTERVAL);

        assertThat(chart.failures()).singleElement().satisfies(mark -> {
            assertThat(mark.title()).isEqualTo("failed probe at 11:30:00 UTC");
            // half way along the plot (58 to 708), less half the mark's width
            assertThat(Double.parseDouble(mark.x()) + Double.parseDouble(mark.width()) / 2).isCloseTo(383.0, within(0.11));
        });
    }

    @Test
    void aGapOfMoreThanTwoIntervalsBreaksTheLine() {
        DurationChart chart = DurationChart.of(List.of(passed(minutesAgo(30), 5, 2), passed(minutesAgo(29.5), 5, 2),
                passed(minutesAgo(20), 5, 2)), NOW, INTERVAL);

        assertThat(chart.series().get(2).path()).containsOnlyOnce("L").matches("M.*L.*M.*");
    }

    @Test
    void aPhaseMissingFromASampleBreaksOnlyItsOwnLine() {
        Sample tokenOnly = new Sample(minutesAgo(9.5), false, Map.of(Phase.TOKEN, Duration.ofMillis(5),
                Phase.TOTAL, Duration.ofMillis(6)));

        DurationChart chart = DurationChart.of(List.of(passed(minutesAgo(10), 5, 2), tokenOnly,
                passed(minutesAgo(9), 5, 2)), NOW, INTERVAL);

        assertThat(chart.series().get(1).phase()).isEqualTo("user");
        assertThat(chart.series().get(1).path()).doesNotContain("L");
        assertThat(chart.series().get(2).path()).containsOnlyOnce("M");
    }

    @Test
    void aLonePointIsDrawnAsADot() {
        DurationChart chart = DurationChart.of(List.of(passed(minutesAgo(1), 5, 2)), NOW, INTERVAL);

        assertThat(chart.series().get(2).path()).matches("M[0-9.]+ [0-9.]+h0");
    }

    @Test
    void noSampleNoChart() {
        assertThat(DurationChart.of(List.of(), NOW, INTERVAL).empty()).isTrue();
        assertThat(DurationChart.of(List.of(passed(minutesAgo(1), 5, 2)), NOW, INTERVAL).empty()).isFalse();
    }

    private static Instant minutesAgo(double minutes) {
        return NOW.minusSeconds(Math.round(minutes * 60));
    }

    private static Sample passed(Instant startedAt, long tokenMillis, long userMillis) {
        return new Sample(startedAt, true, Map.of(Phase.TOKEN, Duration.ofMillis(tokenMillis),
                Phase.USER, Duration.ofMillis(userMillis), Phase.TOTAL, Duration.ofMillis(tokenMillis + userMillis)));
    }

    private static List<double[]> points(Series series) {
        List<double[]> points = new ArrayList<>();
        Matcher point = POINT.matcher(series.path());
        while (point.find()) {
            points.add(new double[] {Double.parseDouble(point.group(1)), Double.parseDouble(point.group(2))});
        }
        return points;
    }
}
