package io.cellsprobe.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.cellsprobe.config.CellsProbeConfig.TargetConfig;
import io.cellsprobe.config.CellsProbeConfig.TlsConfig;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.common.utils.StringUtil;

/**
 * Turns the raw configuration into validated {@link Target}s, or into a list of problems that each
 * name the target and the property. Problems never quote a secret.
 */
public final class TargetsValidator {

    static final String PREFIX = "cells-probe.targets.";

    /** What may follow {@code cells-probe.targets.<name>.}: read from the mapping. */
    static final List<String> KNOWN_PROPERTIES = MappedProperties.names().stream()
            .filter(name -> name.startsWith(PREFIX + "*."))
            .map(name -> name.substring((PREFIX + "*.").length()))
            .toList();

    private static final String VARIABLE_PREFIX = "CELLS_PROBE_";

    /** Each mapped property as the environment variables that set it; {@code *} may be any name. */
    private static final List<Pattern> KNOWN_VARIABLES = MappedProperties.names().stream()
            .map(name -> Pattern.compile(Arrays.stream(name.split("\\*", -1))
                    .map(part -> Pattern.quote(environmentName(part)))
                    .collect(Collectors.joining(".+"))))
            .toList();

    static final String DEFAULT_OIDC_SCOPE = "openid email profile";

    /** Target names become the {@code target} label and a health check name: keep them plain. */
    private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    private TargetsValidator() {
    }

    /**
     * @param config the configuration the mapping came from: every property name, to find unknown
     *        ones, and the typed values {@link TypedValueCheck} had to replace
     * @param environment the process environment, to find unknown {@code CELLS_PROBE_*} variables
     * @param targetsRequired false in dev mode, where an empty target list is allowed
     */
    public static List<Target> validate(CellsProbeConfig mapping, SmallRyeConfig config,
            Map<String, String> environment, boolean targetsRequired) {
        List<String> problems = new ArrayList<>();
        Set<String> mappedNames = new TreeSet<>();
        for (String property : config.getPropertyNames()) {
            unknownProperty(property).ifPresent(problems::add);
            if (property.startsWith(MappedProperties.PREFIX + ".")) {
                mappedNames.add(property);
            }
        }
        // Values set through the environment are listed under their variable names: ask by property.
        mappedNames.addAll(MappedProperties.names(mapping.targets().keySet()));
        // Their value was set aside (the mapping got the default, or nothing): not "missing" as well.
        Set<String> unconverted = new TreeSet<>();
        mappedNames.forEach(property -> TypedValueCheck.problem(property, config.getConfigValue(property))
                .ifPresent(problem -> {
                    problems.add(property + " " + problem);
                    unconverted.add(property);
                }));
        new TreeSet<>(environment.keySet()).forEach(variable -> unknownVariable(variable).ifPresent(problems::add));
        Map<String, TargetConfig> sorted = new TreeMap<>(mapping.targets());
        if (sorted.isEmpty() && targetsRequired) {
            problems.add("no target configured: set cells-probe.targets.<name>.url, api-key, api-secret, username "
                    + "and password, or the CELLS_URL, CELLS_API_KEY, CELLS_API_SECRET, CELLS_USERNAME and "
                    + "CELLS_PASSWORD environment variables");
        }
        List<Target> targets = new ArrayList<>();
        sorted.forEach((name, target) -> validateTarget(name, target, unconverted, problems).ifPresent(targets::add));
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(
                    problems.stream().map(problem -> namingShortcutVariable(problem, config, environment)).toList());
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
            return Optional.of(property + ": unknown property; known ones are " + KNOWN_PROPERTIES);
        }
        return Optional.empty();
    }

    /**
     * The environment sets {@code cells-probe.*} through variables such as
     * {@code CELLS_PROBE_TARGETS_PROD_URL}; a misspelt one would be ignored without a word. A target
     * name may hold {@code _} or {@code -}, so a variable is known when some reading of it is.
     */
    private static Optional<String> unknownVariable(String variable) {
        if (!variable.startsWith(VARIABLE_PREFIX) || CellsEnvironmentConfigSource.property(variable).isPresent()
                || KNOWN_VARIABLES.stream().anyMatch(known -> known.matcher(variable).matches())) {
            return Optional.empty();
        }
        List<String> known = new ArrayList<>(CellsEnvironmentConfigSource.variables().stream()
                .filter(name -> name.startsWith(VARIABLE_PREFIX)).toList());
        MappedProperties.names().stream().filter(name -> !name.contains("[")).map(name -> String.join("<NAME>",
                Arrays.stream(name.split("\\*", -1)).map(TargetsValidator::environmentName).toList()))
                .forEach(known::add);
        return Optional.of(variable + " (environment variable): unknown; known ones are " + known);
    }

    private static String environmentName(String property) {
        return StringUtil.replaceNonAlphanumericByUnderscores(property).toUpperCase(Locale.ROOT);
    }

    /**
     * A problem with a property of the {@code CELLS_*} shortcut target also names the variable, the
     * name the operator actually wrote (or has to write).
     */
    private static String namingShortcutVariable(String problem, SmallRyeConfig config,
            Map<String, String> environment) {
        for (String variable : CellsEnvironmentConfigSource.variables()) {
            String property = CellsEnvironmentConfigSource.property(variable).orElseThrow();
            if (!problem.startsWith(property + " ") && !problem.startsWith(property + ":")) {
                continue;
            }
            ConfigValue value = config.getConfigValue(property);
            if (CellsEnvironmentConfigSource.NAME.equals(value.getSourceName())) {
                return problem + " (set by " + variable + ")";
            }
            boolean shortcutUsed = CellsEnvironmentConfigSource.variables().stream().anyMatch(environment::containsKey);
            if (value.getValue() == null && shortcutUsed) {
                return problem + " (set it with " + variable + ")";
            }
        }
        return problem;
    }

    /** @param unconverted properties whose text did not convert: already reported */
    private static Optional<Target> validateTarget(String name, TargetConfig raw, Set<String> unconverted,
            List<String> problems) {
        int before = problems.size();
        String where = PREFIX + name + ".";
        if (!TARGET_NAME.matcher(name).matches()) {
            problems.add(PREFIX + name + ": target name must be letters, digits, '-' or '_' (at most 63)");
        }
        raw.url().ifPresent(url -> checkUrl(where + "url", url, problems));
        if (raw.url().isEmpty() && !unconverted.contains(where + "url")) {
            problems.add(where + "url is required");
        }
        Flavor flavor = raw.flavor();
        Target.Builder target = Target.builder().name(name);
        if (flavor.needs(Flavor.Needs.CLIENT_CREDENTIALS)) {
            target.apiKey(required(where + "api-key", raw.apiKey(), problems))
                    .apiSecret(secret(where + "api-secret", raw.apiSecret(), raw.apiSecretFile(), problems));
        }
        target.username(required(where + "username", raw.username(), problems));
        if (flavor.needs(Flavor.Needs.PASSWORD)) {
            target.password(secret(where + "password", raw.password(), raw.passwordFile(), problems));
        }
        AuthSettings auth = auth(where, flavor, raw, unconverted, problems);
        TlsSettings tls = tls(where, raw.tls(), problems);
        positive(where + "interval", raw.interval(), problems);
        positive(where + "timeout", raw.timeout(), problems);
        positive(where + "max-backoff", raw.maxBackoff(), problems);
        positive(where + "suspended-retry", raw.suspendedRetry(), problems);
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
        int lockoutThreshold = LockoutSettings.CELLS_LOCKOUT_THRESHOLD;
        if (raw.maxCredentialAttempts() < 1 || raw.maxCredentialAttempts() >= lockoutThreshold) {
            problems.add(where + "max-credential-attempts must be between 1 and " + (lockoutThreshold - 1)
                    + " (Cells blocks an account at " + lockoutThreshold + ")");
        }
        if (raw.maxCredentialRejections() < raw.maxCredentialAttempts()
                || raw.maxCredentialRejections() >= lockoutThreshold) {
            problems.add(where + "max-credential-rejections (" + raw.maxCredentialRejections()
                    + ") must be at least max-credential-attempts (" + raw.maxCredentialAttempts() + ") and at most "
                    + (lockoutThreshold - 1) + " (Cells blocks an account at " + lockoutThreshold + ")");
        }
        if (problems.size() > before || unconverted.stream().anyMatch(property -> property.startsWith(where))) {
            return Optional.empty();
        }
        return Optional.of(target.url(raw.url().orElseThrow()).interval(raw.interval()).timeout(raw.timeout()).scope(scope(flavor, raw.scope()))
                .tokenPath(raw.tokenPath()).userPath(raw.userPath()).failureThreshold(raw.failureThreshold())
                .lockout(new LockoutSettings(raw.maxCredentialAttempts(), raw.maxCredentialRejections(),
                        raw.suspendedRetry(), raw.maxBackoff()))
                .auth(auth).tls(tls).build());
    }

    /**
     * Every problem of a URL at once ({@link TypedValueCheck} has reported one that does not parse);
     * one that carries credentials is quoted with them masked.
     */
    private static void checkUrl(String property, URI uri, List<String> problems) {
        String value = uri.toString();
        // From the authority, not getRawUserInfo(): that is null when the host does not parse.
        String authority = uri.getRawAuthority();
        String userInfo = authority == null || !authority.contains("@") ? null
                : authority.substring(0, authority.lastIndexOf('@'));
        String shown = "'" + (userInfo == null ? value : value.replace(userInfo, "******")) + "'";
        if (userInfo != null) {
            problems.add(property + " must not carry credentials (user:password@); use api-key/api-secret "
                    + "and username/password");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            problems.add(property + " must be an http or https URL, got " + shown);
        }
        // Without a scheme the rest reads as a path: the scheme problem says it all.
        if (scheme != null && (uri.getHost() == null || uri.getHost().isBlank())) {
            problems.add(property + " has no host: " + shown);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add(property + " must be a base URL without query or fragment: " + shown);
        }
    }

    /** An OpenID provider issues an id_token, and serves userinfo, only for scope openid. */
    private static String scope(Flavor flavor, Optional<String> configured) {
        if (!flavor.needs(Flavor.Needs.OPENID_PROVIDER)) {
            return configured.orElse(Target.DEFAULT_SCOPE);
        }
        String scope = configured.orElse(DEFAULT_OIDC_SCOPE);
        return Arrays.asList(scope.split(" ")).contains("openid") ? scope : "openid " + scope;
    }

    /** The flavor's own settings, checked against what it {@link Flavor.Needs needs}. */
    private static AuthSettings auth(String where, Flavor flavor, TargetConfig raw, Set<String> unconverted,
            List<String> problems) {
        raw.issuer().ifPresent(issuer -> checkUrl(where + "issuer", issuer, problems));
        boolean openId = flavor.needs(Flavor.Needs.OPENID_PROVIDER);
        if (openId && raw.issuer().isEmpty() && !unconverted.contains(where + "issuer")) {
            problems.add(where + "issuer is required with flavor " + flavor.label());
        }
        if (raw.userCheck() == UserCheck.USERINFO && !openId) {
            problems.add(where + "user-check userinfo needs flavor " + String.join(" or ",
                    Flavor.labelsWith(Flavor.Needs.OPENID_PROVIDER)) + " (the userinfo endpoint is found through "
                    + "its discovery document)");
        }
        Optional<SecretSource> token = Optional.empty();
        if (flavor.needs(Flavor.Needs.PERSONAL_ACCESS_TOKEN)) {
            token = Optional.ofNullable(secret(where + "personal-access-token", raw.personalAccessToken(),
                    raw.personalAccessTokenFile(), problems));
        }
        if (raw.refresh() && !flavor.needs(Flavor.Needs.REFRESH_GRANT)) {
            problems.add(where + "refresh works with the password grant only (flavors "
                    + String.join(", ", Flavor.labelsWith(Flavor.Needs.REFRESH_GRANT)) + ")");
        }
        path(where + "session-path", raw.sessionPath(), problems);
        return new AuthSettings(flavor, raw.issuer(), raw.userCheck(), raw.sessionPath(), token, raw.refresh());
    }

    private static TlsSettings tls(String where, TlsConfig raw, List<String> problems) {
        if (raw.insecure() && raw.caFile().isPresent()) {
            problems.add(where + "tls.insecure and tls.ca-file are both set: a CA bundle is pointless when "
                    + "nothing is verified");
        }
        raw.caFile().filter(file -> !Files.isReadable(file))
                .ifPresent(file -> problems.add(where + "tls.ca-file cannot be read: " + file));
        return new TlsSettings(raw.caFile(), raw.insecure());
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
            return;
        }
        try {
            // Target builds request URIs from it: what does not parse now would fail every probe.
            new URI(value.replace(Target.LOGIN_PLACEHOLDER, "login"));
        } catch (URISyntaxException e) {
            problems.add(property + " is not a valid URL path: '" + value + "' (" + e.getReason() + ")");
        }
    }

    private static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }
}
