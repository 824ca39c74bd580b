package io.cellsprobe.probe;

/** A timed part of a probe; the value is the {@code phase} label. */
public enum Phase {
    TOKEN("token"),
    USER("user"),
    TOTAL("total");

    /** The phases a failure can happen in: {@link #TOTAL} only measures. */
    public static final Phase[] STEPS = { TOKEN, USER };

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
