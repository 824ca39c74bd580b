package io.cellsprobe.probe;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.nio.charset.StandardCharsets;

import io.cellsprobe.config.Secret;

/**
 * Removes secret values from text that came from elsewhere (third-party exception messages), so a
 * library that echoes a header or a form value can never carry a secret into a log or a label.
 */
final class Redactor {

    private static final String MASK = "******";
    /** Shorter values would mask ordinary words; such a secret is not worth protecting this way. */
    private static final int MIN_LENGTH = 4;

    private final List<String> values = new ArrayList<>();

    Redactor add(Secret secret) {
        String value = secret.reveal();
        if (value.length() >= MIN_LENGTH) {
            values.add(value);
            values.add(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        }
        return this;
    }

    String redact(String text) {
        if (text == null) {
            return "";
        }
        String redacted = text;
        for (String value : values) {
            redacted = redacted.replace(value, MASK);
        }
        return redacted;
    }
}
