package io.cellsprobe.observability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Reading Prometheus rule files (plain format: a top-level {@code groups} list). */
final class RuleFiles {

    private static final YAMLMapper YAML = new YAMLMapper();

    private RuleFiles() {
    }

    static JsonNode read(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    /** Alerting rules by alert name, in file order. */
    static Map<String, JsonNode> alerts(JsonNode ruleFile) {
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        for (JsonNode group : ruleFile.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.put(rule.get("alert").asText(), rule);
                }
            }
        }
        return alerts;
    }

    /**
     * The same rules with every {@code for:} shortened for a test that cannot wait minutes:
     * each minute becomes two seconds (5m -> 10s). Nothing else changes, so the expressions,
     * labels and annotations under test are exactly the shipped ones. Two seconds rather than
     * one: a fresh Prometheus shows its first scrape only after 5 to 7 s, and CellsProbeAbsent
     * must not fire during that start-up.
     */
    static JsonNode withTestSizedFor(JsonNode ruleFile) {
        JsonNode copy = ruleFile.deepCopy();
        for (JsonNode group : copy.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("for")) {
                    long seconds = parseDurationSeconds(rule.get("for").asText());
                    ((ObjectNode) rule).put("for", Math.max(1, 2 * ((seconds + 59) / 60)) + "s");
                }
            }
        }
        return copy;
    }

    /** The same tree without any {@code for:}, to compare two rule files except their for values. */
    static JsonNode withoutFor(JsonNode ruleFile) {
        JsonNode copy = ruleFile.deepCopy();
        for (JsonNode group : copy.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                ((ObjectNode) rule).remove("for");
            }
        }
        return copy;
    }

    /** Prometheus durations as used in rule files: 1h30m, 5m, 90s, 2d, 1w. */
    static long parseDurationSeconds(String duration) {
        var matcher = java.util.regex.Pattern.compile("(\\d+)(ms|[smhdwy])").matcher(duration);
        long seconds = 0;
        int consumed = 0;
        while (matcher.find()) {
            if (matcher.start() != consumed) {
                break;
            }
            long n = Long.parseLong(matcher.group(1));
            seconds += switch (matcher.group(2)) {
                case "ms" -> n / 1000;
                case "s" -> n;
                case "m" -> n * 60;
                case "h" -> n * 3600;
                case "d" -> n * 86400;
                case "w" -> n * 7 * 86400;
                default -> n * 365 * 86400;
            };
            consumed = matcher.end();
        }
        if (consumed == 0 || consumed != duration.length()) {
            throw new IllegalArgumentException("Not a Prometheus duration: " + duration);
        }
        return seconds;
    }

    static void write(JsonNode ruleFile, Path file) throws IOException {
        YAML.writeValue(file.toFile(), ruleFile);
    }
}
