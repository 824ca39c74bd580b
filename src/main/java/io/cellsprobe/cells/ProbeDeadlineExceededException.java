package io.cellsprobe.cells;

/** The whole probe ran out of its {@code timeout}; the request in flight was reset. */
public class ProbeDeadlineExceededException extends RuntimeException {

    public ProbeDeadlineExceededException() {
        super("probe timeout reached", null, false, false);
    }
}
