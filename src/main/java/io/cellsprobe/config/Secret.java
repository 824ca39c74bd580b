package io.cellsprobe.config;

import java.util.Objects;

/**
 * A value that must never be shown: API secret, password, issued tokens. Its {@code toString()} is a
 * fixed mask, so a secret that slips into a log line, an exception message or a JSON body shows
 * nothing; code that really needs the value says so by calling {@link #reveal()}.
 */
public final class Secret {

    /** What a secret prints as, and what replaces one found in text. */
    public static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
