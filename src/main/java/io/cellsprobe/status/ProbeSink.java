package io.cellsprobe.status;

import java.time.Duration;

/** Something derived from probe results: metrics, state-change logs. */
public interface ProbeSink {

    /** A probe finished; {@code before} is the status it replaces. */
    void onProbe(TargetStatus before, TargetStatus after);

    /** A probe started {@code lag} after its planned time. */
    default void onStarted(String target, Duration lag) {
    }

    /** A run was skipped because the previous one of the same target was still going. */
    default void onSkipped(String target) {
    }

    /** The target's credentials changed: its refusals are forgotten and it is probed again now. */
    default void onResumed(TargetStatus before, TargetStatus after) {
    }
}
