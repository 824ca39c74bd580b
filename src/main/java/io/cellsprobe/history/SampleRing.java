package io.cellsprobe.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.cellsprobe.probe.Phase;

/**
 * A fixed-size ring of one target's samples in primitive arrays (about 33 bytes a sample, allocated
 * once): written on the target's event loop, read by page requests, so every access holds the lock,
 * which is uncontended nearly always.
 */
final class SampleRing {

    private static final Phase[] PHASES = Phase.values();

    private final long slotMillis;
    private final long[] startedAtMillis;
    private final boolean[] failed;
    /** Milliseconds per sample and phase ({@code index * PHASES.length + phase}); NaN: the phase did not run. */
    private final float[] millis;
    private int newest = -1;
    private int size;

    SampleRing(int capacity, Duration slot) {
        this.slotMillis = slot.toMillis();
        this.startedAtMillis = new long[capacity];
        this.failed = new boolean[capacity];
        this.millis = new float[capacity * PHASES.length];
    }

    synchronized void add(Instant startedAt, boolean success, Map<Phase, Duration> durations) {
        long start = startedAt.toEpochMilli();
        boolean sameSlot = size > 0
                && Math.floorDiv(start, slotMillis) == Math.floorDiv(startedAtMillis[newest], slotMillis);
        if (sameSlot) {
            failed[newest] |= !success;
        } else {
            newest = (newest + 1) % startedAtMillis.length;
            size = Math.min(size + 1, startedAtMillis.length);
            startedAtMillis[newest] = start;
            failed[newest] = !success;
        }
        for (Phase phase : PHASES) {
            Duration duration = durations.get(phase);
            float value = duration == null ? Float.NaN : duration.toNanos() / 1e6f;
            int at = newest * PHASES.length + phase.ordinal();
            float stored = millis[at];
            // Within a slot the longest time of each phase stays; a phase that ran in any probe shows.
            millis[at] = !sameSlot || Float.isNaN(stored) || value > stored ? value : stored;
        }
    }

    /** The samples that started at or after {@code since}, oldest first. */
    synchronized List<Sample> since(Instant since) {
        List<Sample> samples = new ArrayList<>(size);
        long from = since.toEpochMilli();
        int capacity = startedAtMillis.length;
        for (int i = 0; i < size; i++) {
            int index = (newest - size + 1 + i + capacity) % capacity;
            if (startedAtMillis[index] >= from) {
                samples.add(sample(index));
            }
        }
        return samples;
    }

    private Sample sample(int index) {
        Map<Phase, Duration> durations = new EnumMap<>(Phase.class);
        for (Phase phase : PHASES) {
            float value = millis[index * PHASES.length + phase.ordinal()];
            if (!Float.isNaN(value)) {
                durations.put(phase, Duration.ofNanos(Math.round(value * 1e6)));
            }
        }
        return new Sample(Instant.ofEpochMilli(startedAtMillis[index]), !failed[index], durations);
    }
}
