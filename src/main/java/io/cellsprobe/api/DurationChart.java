package io.cellsprobe.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.cellsprobe.history.ProbeHistory;
import io.cellsprobe.history.Sample;
import io.cellsprobe.probe.Phase;

/**
 * The geometry of one target's chart of the last hour: a line per phase that ran, a band per failed
 * probe, axes. Computed here, drawn as inline SVG by the page's template (which escapes it like any
 * other value); coordinates are in the SVG's {@link #WIDTH} x {@link #HEIGHT} view box.
 *
 * @param series one line per phase, in {@link Phase} order, only phases that ran in the hour
 * @param failures a red band for each failed sample
 */
public record DurationChart(List<Series> series, List<FailureMark> failures, List<Tick> timeTicks,
        List<Tick> durationTicks) {

    static final int WIDTH = 720;
    static final int HEIGHT = 190;
    private static final double LEFT = 58;
    private static final double RIGHT = WIDTH - 12;
    private static final double TOP = 10;
    private static final double BOTTOM = HEIGHT - 24;
    private static final int[] TIME_TICKS_MINUTES = {60, 45, 30, 15, 0};

    /**
     * @param phase the phase label, also the CSS class suffix that colours it
     * @param path SVG path data; each run of consecutive points starts with a dot ({@code h0} and round
     *        line caps), so a lone point between gaps still shows
     * @param last the phase's time in the newest sample that has it
     */
    public record Series(String phase, String path, String last) {
    }

    public record FailureMark(String x, String width, String title) {
    }

    /** A grid line at {@code at} (x for time, y for durations) with its label. */
    public record Tick(String at, String label) {
    }

    static DurationChart of(List<Sample> samples, Instant now, Duration interval) {
        Instant start = now.minus(ProbeHistory.WINDOW);
        double top = niceCeiling(samples.stream().flatMap(sample -> sample.durations().values().stream())
                .mapToDouble(DurationChart::millis).max().orElse(1));
        Duration spacing = interval.compareTo(ProbeHistory.SLOT) > 0 ? interval : ProbeHistory.SLOT;
        // No probe for more than two intervals (backoff, suspension, restart): the line breaks there.
        Duration maxGap = spacing.multipliedBy(2);

        List<Series> series = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            StringBuilder path = new StringBuilder();
            Sample previous = null;
            Sample newest = null;
            for (Sample sample : samples) {
                Duration duration = sample.durations().get(phase);
                if (duration == null) {
                    previous = null;
                    continue;
                }
                String point = number(x(sample.startedAt(), start)) + " " + number(y(millis(duration), top));
                boolean joined = previous != null
                        && Duration.between(previous.startedAt(), sample.startedAt()).compareTo(maxGap) <= 0;
                path.append(joined ? "L" + point : "M" + point + "h0");
                previous = sample;
                newest = sample;
            }
            if (newest != null) {
                series.add(new Series(phase.label(), path.toString(),
                        TimeText.millis(millis(newest.durations().get(phase)))));
            }
        }

        double pixelsPerSample = (RIGHT - LEFT) * spacing.toMillis() / ProbeHistory.WINDOW.toMillis();
        double markWidth = Math.min(8, Math.max(2, pixelsPerSample));
        List<FailureMark> failures = samples.stream().filter(sample -> !sample.success())
                .map(sample -> new FailureMark(number(x(sample.startedAt(), start) - markWidth / 2),
                        number(markWidth), "failed probe at " + TimeText.clock(sample.startedAt())))
                .toList();

        List<Tick> timeTicks = new ArrayList<>();
        for (int minutes : TIME_TICKS_MINUTES) {
            timeTicks.add(new Tick(number(x(now.minus(Duration.ofMinutes(minutes)), start)),
                    minutes == 0 ? "now" : "-" + minutes + " min"));
        }
        List<Tick> durationTicks = List.of(new Tick(number(BOTTOM), "0"),
                new Tick(number(y(top / 2, top)), TimeText.millis(top / 2)),
                new Tick(number(TOP), TimeText.millis(top)));
        return new DurationChart(List.copyOf(series), failures, List.copyOf(timeTicks), durationTicks);
    }

    public boolean empty() {
        return series.isEmpty() && failures.isEmpty();
    }

    // The frame, for the template (Qute does no arithmetic).
    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public String plotLeft() {
        return number(LEFT);
    }

    public String plotRight() {
        return number(RIGHT);
    }

    public String plotTop() {
        return number(TOP);
    }

    public String plotBottom() {
        return number(BOTTOM);
    }

    public String plotHeight() {
        return number(BOTTOM - TOP);
    }

    public String durationLabelX() {
        return number(LEFT - 6);
    }

    public String timeLabelY() {
        return number(HEIGHT - 6);
    }

    /** The smallest of 1, 2, 5 x 10^n milliseconds at or above {@code millis} (at least 1 ms). */
    static double niceCeiling(double millis) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(millis, 1))));
        double ratio = millis / magnitude;
        return (ratio <= 1 ? 1 : ratio <= 2 ? 2 : ratio <= 5 ? 5 : 10) * magnitude;
    }

    private static double x(Instant at, Instant start) {
        return LEFT + (RIGHT - LEFT) * Duration.between(start, at).toMillis() / ProbeHistory.WINDOW.toMillis();
    }

    private static double y(double millis, double top) {
        return BOTTOM - (BOTTOM - TOP) * millis / top;
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
