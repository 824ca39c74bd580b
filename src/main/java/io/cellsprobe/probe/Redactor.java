package io.cellsprobe.probe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import io.cellsprobe.config.Secret;

/**
 * Removes secret values from text that came from elsewhere (third-party exception messages), so a
 * library that echoes a header or a form value can never carry a secret into a log or a label.
 * Secrets are only collected per probe; the work of masking happens when a message is redacted.
 */
final class Redactor {

    private static final String MASK = Secret.MASK;
    /** Shorter values would mask ordinary words; such a secret is not worth protecting this way. */
    private static final int MIN_LENGTH = 4;

    private final List<Secret> secrets = new ArrayList<>();

    Redactor add(Secret secret) {
        secrets.add(secret);
        return this;
    }

    /**
     * JSON string values of token, secret and password fields, and anything shaped like a JWT: masked
     * whether or not the probe learnt them (an answer it could not parse still carries its tokens).
     */
    private static final Pattern TOKEN_FIELD = Pattern.compile(
            "(\"[A-Za-z_]*(?:[Tt]oken|TOKEN|JWT|[Ss]ecret|[Pp]assword)\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*");
    private static final Pattern JWT_SHAPE = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    static String maskTokenLikeValues(String text) {
        return JWT_SHAPE.matcher(TOKEN_FIELD.matcher(text).replaceAll("$1" + MASK)).replaceAll(MASK);
    }

    String redact(String text) {
        if (text == null) {
            return "";
        }
        String redacted = text;
        for (Secret secret : secrets) {
            String value = secret.reveal();
            if (value.length() >= MIN_LENGTH) {
                redacted = redacted.replace(value, MASK).replace(
                        Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)), MASK);
            }
        }
        return redacted;
    }
}
