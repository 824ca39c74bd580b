package io.cellsprobe.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.cellsprobe.probe.Phase;

/**
 * One point of a target's recent history: a probe, or the worst of the probes that started within
 * the same {@link ProbeHistory#SLOT} (a failure if any failed, each phase's longest time).
 *
 * @param durations the phases that ran (kept as float milliseconds: about a microsecond's precision)
 */
public record Sample(Instant startedAt, boolean success, Map<Phase, Duration> durations) {

    public Sample {
        durations = Map.copyOf(durations);
    }
}
