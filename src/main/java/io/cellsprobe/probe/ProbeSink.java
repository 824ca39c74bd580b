package io.cellsprobe.probe;

/** Something derived from probe results: metrics, state-change logs. */
public interface ProbeSink {

    /** A probe finished; {@code before} is the status it replaces. */
    void onProbe(TargetStatus before, TargetStatus after);

    /** A run was skipped because the previous one of the same target was still going. */
    default void onSkipped(String target) {
    }
}
