package io.cellsprobe.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.cellsprobe.config.CellsProbeConfig.TargetConfig;

/**
 * Turns the raw configuration into validated {@link Target}s, or into a list of problems that each
 * name the target and the property. Problems never quote a secret.
 */
public final class TargetsValidator {

    static final String PREFIX = "cells-probe.targets.";

    static final Set<String> KNOWN_PROPERTIES = Set.of("url", "api-key", "api-secret", "api-secret-file", "username",
            "password", "password-file", "interval", "timeout", "scope", "token-path", "user-path",
            "failure-threshold", "max-credential-attempts", "max-backoff");

    /** Target names become the {@code target} label and a health check name: keep them plain. */
    private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    private TargetsValidator() {
    }

    /**
     * @param propertyNames every configured property name, to find unknown properties under a target
     * @param targetsRequired false in dev mode, where an empty target list is allowed
     */
    public static List<Target> validate(CellsProbeConfig config, Iterable<String> propertyNames,
            boolean targetsRequired) {
        List<String> problems = new ArrayList<>();
        for (String property : propertyNames) {
            unknownProperty(property).ifPresent(problems::add);
        }
        Map<String, TargetConfig> sorted = new TreeMap<>(config.targets());
        if (sorted.isEmpty() && targetsRequired) {
            problems.add("no target configured: set cells-probe.targets.<name>.url, api-key, api-secret, username "
                    + "and password, or the CELLS_URL, CELLS_API_KEY, CELLS_API_SECRET, CELLS_USERNAME and "
                    + "CELLS_PASSWORD environment variables");
        }
        List<Target> targets = new ArrayList<>();
        sorted.forEach((name, target) -> validateTarget(name, target, problems).ifPresent(targets::add));
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return List.copyOf(targets);
    }

    private static Optional<String> unknownProperty(String property) {
        if (!property.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = property.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot < 0) {
            return Optional.of(property + ": not a target property (expected " + PREFIX + "<name>.<property>)");
        }
        String key = rest.substring(dot + 1);
        if (!KNOWN_PROPERTIES.contains(key)) {
            return Optional.of(property + ": unknown property; known ones are "
                    + KNOWN_PROPERTIES.stream().sorted().toList());
        }
        return Optional.empty();
    }

    private static Optional<Target> validateTarget(String name, TargetConfig raw, List<String> problems) {
        int before = problems.size();
        String where = PREFIX + name + ".";
        if (!TARGET_NAME.matcher(name).matches()) {
            problems.add(PREFIX + name + ": target name must be letters, digits, '-' or '_' (at most 63)");
        }
        Optional<URI> url = raw.url().flatMap(value -> parseUrl(where + "url", value, problems));
        if (raw.url().isEmpty()) {
            problems.add(where + "url is required");
        }
        String apiKey = required(where + "api-key", raw.apiKey(), problems);
        SecretSource apiSecret = secret(where + "api-secret", raw.apiSecret(), raw.apiSecretFile(), problems);
        String username = required(where + "username", raw.username(), problems);
        SecretSource password = secret(where + "password", raw.password(), raw.passwordFile(), problems);
        positive(where + "interval", raw.interval(), problems);
        positive(where + "timeout", raw.timeout(), problems);
        positive(where + "max-backoff", raw.maxBackoff(), problems);
        if (raw.timeout().compareTo(raw.interval()) >= 0) {
            problems.add(where + "timeout (" + human(raw.timeout()) + ") must be shorter than interval ("
                    + human(raw.interval()) + "), or probes of one target would overlap");
        }
        path(where + "token-path", raw.tokenPath(), problems);
        path(where + "user-path", raw.userPath(), problems);
        if (!raw.userPath().contains(Target.LOGIN_PLACEHOLDER)) {
            problems.add(where + "user-path must contain " + Target.LOGIN_PLACEHOLDER);
        }
        if (raw.failureThreshold() < 1) {
            problems.add(where + "failure-threshold must be at least 1");
        }
        if (raw.maxCredentialAttempts() < 1 || raw.maxCredentialAttempts() > 9) {
            // Cells blocks the account at the 10th consecutive wrong password.
            problems.add(where + "max-credential-attempts must be between 1 and 9 (Cells blocks an account at 10)");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Target(name, url.orElseThrow(), apiKey, apiSecret, username, password,
                raw.interval(), raw.timeout(), raw.scope(), raw.tokenPath(), raw.userPath(), raw.failureThreshold(),
                raw.maxCredentialAttempts(), raw.maxBackoff()));
    }

    private static Optional<URI> parseUrl(String property, String value, List<String> problems) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            problems.add(property + " does not parse as a URL: " + e.getReason());
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo the value: it holds credentials.
            problems.add(property + " must not carry credentials (user:password@); use api-key/api-secret "
                    + "and username/password");
            return Optional.empty();
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            problems.add(property + " must be an http or https URL, got '" + value + "'");
            return Optional.empty();
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            problems.add(property + " has no host: '" + value + "'");
            return Optional.empty();
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add(property + " must be a base URL without query or fragment: '" + value + "'");
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    /** Exactly one of {@code <property>} and {@code <property>-file}; the file must be readable now. */
    private static SecretSource secret(String property, Optional<String> value, Optional<Path> file,
            List<String> problems) {
        if (value.isPresent() && file.isPresent()) {
            problems.add(property + " and " + property + "-file are both set: keep one");
            return null;
        }
        if (file.isPresent()) {
            try {
                return new SecretFile(file.get());
            } catch (IOException e) {
                problems.add(property + "-file cannot be read: " + file.get() + " (" + e.getClass().getSimpleName() + ")");
                return null;
            }
        }
        if (value.isEmpty() || value.get().isEmpty()) {
            problems.add(property + " (or " + property + "-file) is required");
            return null;
        }
        return SecretSource.fixed(Secret.of(value.get()));
    }

    private static String required(String property, Optional<String> value, List<String> problems) {
        if (value.isEmpty() || value.get().isBlank()) {
            problems.add(property + " is required");
            return "";
        }
        return value.get();
    }

    private static void positive(String property, Duration value, List<String> problems) {
        if (value.isNegative() || value.isZero()) {
            problems.add(property + " must be positive, got " + human(value));
        }
    }

    private static void path(String property, String value, List<String> problems) {
        if (!value.startsWith("/")) {
            problems.add(property + " must start with '/', got '" + value + "'");
        }
    }

    private static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }
}
