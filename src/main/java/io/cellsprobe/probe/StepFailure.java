package io.cellsprobe.probe;

/** A step got an answer that fails the probe; the probe adds the phase. No stack trace: it is data. */
final class StepFailure extends RuntimeException {

    private final FailureReason reason;

    StepFailure(FailureReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    FailureReason reason() {
        return reason;
    }
}
