package io.cellsprobe.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Times and durations as the status page writes them: UTC, with how long ago or ahead. */
final class TimeText {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private TimeText() {
    }

    static String clock(Instant at) {
        return CLOCK.format(at);
    }

    /** "13:05:10 UTC (4 s ago)" within a day of {@code now}, "2027-02-01 10:00 UTC (in 65 days)" beyond. */
    static String moment(Instant at, Instant now) {
        Duration distance = Duration.between(at, now).truncatedTo(ChronoUnit.SECONDS);
        String when = distance.abs().compareTo(Duration.ofHours(20)) < 0 ? CLOCK.format(at) : DATE.format(at);
        String relative = distance.isNegative() ? "in " + span(distance.negated()) : span(distance) + " ago";
        return when + " (" + relative + ")";
    }

    /** "500 ms", "0 s", "45 s", "12 min", "5 h", "3 days": rounded down, coarse enough to read at a glance. */
    static String span(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds == 0 && !duration.isZero()) {
            return duration.toMillis() + " ms";
        }
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 120 * 60) {
            return seconds / 60 + " min";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + " h";
        }
        return seconds / 86_400 + " days";
    }

    /** "0.8 ms", "12 ms", "1.25 s". */
    static String millis(double millis) {
        if (millis >= 1000) {
            return decimal(millis / 1000, 2) + " s";
        }
        return decimal(millis, millis < 10 ? 1 : 0) + " ms";
    }

    /** {@code value} with at most {@code decimals} decimals, trailing zeros dropped. */
    private static String decimal(double value, int decimals) {
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return text.contains(".") ? text.replaceAll("\\.?0+$", "") : text;
    }
}
