package io.cellsprobe.observability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The Grafana dashboard JSON: its panels' PromQL queries and its template variables. */
final class Dashboard {

    /** One query of one panel. */
    record Query(String panel, String refId, String expr) {
        @Override
        public String toString() {
            return "panel \"" + panel + "\" query " + refId + ": " + expr;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)(?::\\w+)?}?");

    private final JsonNode json;

    private Dashboard(JsonNode json) {
        this.json = json;
    }

    static Dashboard read(Path file) throws IOException {
        return new Dashboard(new ObjectMapper().readTree(file.toFile()));
    }

    JsonNode json() {
        return json;
    }

    /** Every panel, including panels nested in collapsed rows. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            panels.add(panel);
            for (JsonNode nested : panel.path("panels")) {
                panels.add(nested);
            }
        }
        return panels;
    }

    List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    queries.add(new Query(panel.path("title").asText(), target.path("refId").asText(), target.get("expr").asText()));
                }
            }
        }
        return queries;
    }

    JsonNode variable(String name) {
        for (JsonNode variable : json.path("templating").path("list")) {
            if (name.equals(variable.path("name").asText())) {
                return variable;
            }
        }
        return null;
    }

    /**
     * Replaces Grafana variables ($target, ${target}, $__rate_interval, ...) with concrete
     * values, as Grafana does before sending the query. Throws if a variable has no value, so
     * a query can never reach Prometheus with a stray '$'.
     */
    static String substitute(String expr, Map<String, String> values) {
        Matcher matcher = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("No value for variable $" + matcher.group(1) + " in " + expr);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Variable names used in a query, e.g. [target, __rate_interval]. */
    static List<String> variablesIn(String expr) {
        List<String> names = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(expr);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
