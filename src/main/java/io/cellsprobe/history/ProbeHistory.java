package io.cellsprobe.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.status.ProbeSink;
import io.cellsprobe.status.TargetStatus;
import io.quarkus.runtime.Startup;

/**
 * The last hour of every target's probe times, for the status page's charts.
 *
 * <p>Memory is bounded whatever the interval: probes that start within the same 10 s {@link #SLOT}
 * share one sample, and each target has a ring of at most {@link #MAX_SAMPLES} samples, allocated
 * at start-up and sized from its interval (120 + 1 at the default 30 s). A sample takes about 33
 * bytes (start, outcome, one float per phase), so 1,000 targets at a 10 s interval hold 360,000
 * samples in about 12 MB, and no more however long the monitor runs.
 *
 * <p>{@link #onProbe} runs on the targets' event loops: it writes a few array slots and never
 * throws (a result of an unknown target is ignored).
 */
// Created at start-up: the rings are allocated then, not on an event loop at the first probe.
@Startup
@ApplicationScoped
public class ProbeHistory implements ProbeSink {

    public static final Duration WINDOW = Duration.ofHours(1);
    /** The chart's resolution: 360 slots in an hour. */
    public static final Duration SLOT = Duration.ofSeconds(10);
    public static final int MAX_SAMPLES = (int) (WINDOW.toMillis() / SLOT.toMillis());

    private final Map<String, SampleRing> byTarget;

    public ProbeHistory(Targets targets) {
        this.byTarget = targets.all().stream()
                .collect(Collectors.toUnmodifiableMap(Target::name, target -> new SampleRing(capacity(target), SLOT)));
    }

    /** Enough samples for an hour of the target's probes, one more for the slot the hour starts in. */
    static int capacity(Target target) {
        long spacing = Math.max(target.interval().toMillis(), SLOT.toMillis());
        long perHour = (WINDOW.toMillis() + spacing - 1) / spacing;
        return (int) Math.min(MAX_SAMPLES, perHour + 1);
    }

    @Override
    public void onProbe(TargetStatus before, TargetStatus after) {
        SampleRing ring = byTarget.get(after.target().name());
        if (ring != null) {
            after.last().ifPresent(result -> ring.add(result.startedAt(), result.success(), result.durations()));
        }
    }

    /** The target's samples of the hour before {@code now}, oldest first; none for an unknown target. */
    public List<Sample> lastHour(String target, Instant now) {
        SampleRing ring = byTarget.get(target);
        return ring == null ? List.of() : ring.since(now.minus(WINDOW));
    }
}
