package io.cellsprobe.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The shipped alert rules through the real promtool: `check rules` is clean, the unit tests in
 * src/test/resources/observability/cells-probe-rules.test.yml pass, cover every alert firing
 * and not firing, and fail when a rule is weakened (so they are able to fail).
 */
class PromtoolRulesTest {

    private static final Duration PROMTOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final YAMLMapper YAML = new YAMLMapper();

    private static Path unitTests() {
        return ObservabilityTools.projectDir().resolve("src/test/resources/observability/cells-probe-rules.test.yml");
    }

    @BeforeAll
    static void promtoolInstalled() {
        ObservabilityTools.requireInstalled(ObservabilityTools.PROMTOOL);
    }

    @Test
    void checkRulesIsClean() throws Exception {
        int ruleCount = RuleFiles.alerts(RuleFiles.read(ObservabilityTools.rulesFile())).size();

        var result = promtool("check", "rules", ObservabilityTools.rulesFile().toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + ruleCount + " rules found");
    }

    @Test
    void checkRulesIsCleanForThePrometheusRuleSpec(@TempDir Path dir) throws Exception {
        JsonNode prometheusRule = YAML.readTree(ObservabilityTools.k8sDir().resolve("prometheus-rule.yaml").toFile());
        Path extracted = dir.resolve("from-prometheus-rule.yml");
        YAML.writeValue(extracted.toFile(), prometheusRule.get("spec"));

        var result = promtool("check", "rules", extracted.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void unitTestsPass() throws Exception {
        var result = promtool("test", "rules", unitTests().toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void unitTestsCoverEveryAlertFiringAndNotFiring() throws IOException {
        Set<String> alerts = new TreeSet<>(RuleFiles.alerts(RuleFiles.read(ObservabilityTools.rulesFile())).keySet());
        Set<String> fires = new TreeSet<>();
        Set<String> staysQuiet = new TreeSet<>();
        for (JsonNode group : YAML.readTree(unitTests().toFile()).get("tests")) {
            for (JsonNode check : group.path("alert_rule_test")) {
                String alert = check.get("alertname").asText();
                (check.path("exp_alerts").isEmpty() ? staysQuiet : fires).add(alert);
            }
        }

        assertThat(fires).as("alerts with a unit test where they fire").isEqualTo(alerts);
        assertThat(staysQuiet).as("alerts with a unit test where they must not fire").isEqualTo(alerts);
    }

    /**
     * Mutation check: each weakened copy of the rules must make the unit tests fail. Proves
     * the edge cases (a single failure must not page, reason changes, dead monitor) are really
     * pinned down rather than passing by accident.
     */
    @Test
    void unitTestsFailForWeakenedRules(@TempDir Path dir) throws Exception {
        String rules = Files.readString(ObservabilityTools.rulesFile());
        Map<String, UnaryOperator<String>> mutations = new LinkedHashMap<>();
        mutations.put("CellsAuthDown pages on the first failure (for: 0s)",
                text -> replaceOnce(text, "for: 5m\n        labels:\n          severity: critical\n          phase: \"\"",
                        "for: 0s\n        labels:\n          severity: critical\n          phase: \"\""));
        mutations.put("CellsAuthDown keeps phase/reason in its identity",
                text -> replaceOnce(text, "          phase: \"\"\n          reason: \"\"\n", ""));
        mutations.put("CellsAuthDown needs a counted reason",
                text -> replaceOnce(text, "          or on (job, instance, target)\n            cells_probe_success == 0\n", ""));
        mutations.put("CellsAuthDown forgets the reason while logins are suspended",
                text -> replaceOnce(text, "cells_probe_credentials_suspended == 1\n", "cells_probe_credentials_suspended == 2\n"));
        mutations.put("CellsAuthDown names a suspension after earlier rejections, not the lock",
                text -> replaceOnce(text, "reason=\"account_locked\"}[1d]", "reason=\"account_locked\"}[10m]"));
        mutations.put("CellsAuthSlow pages at 4 % of slow logins",
                text -> replaceOnce(text, "          ) > 0.05\n", "          ) > 0.03\n"));
        mutations.put("CellsAuthSlow looks at the steps, not only the whole login",
                text -> replaceOnce(replaceOnce(text, "_bucket{phase=\"total\", le=\"2.5\"}", "_bucket{le=\"2.5\"}"),
                        "_count{phase=\"total\"}", "_count"));
        mutations.put("CellsProbeStale ignores the planned backoff",
                text -> replaceOnce(text, " - cells_probe_backoff_seconds > 300", " > 300"));
        mutations.put("CellsProbeAbsent ignores failing scrapes",
                text -> replaceOnce(text, "absent(up{job=\"cells-auth-probe\"} == 1)", "absent(up{job=\"cells-auth-probe\"})"));
        mutations.put("CellsTokenLifetimeShort trusts exp of a failing target",
                text -> replaceOnce(text, "(cells_probe_success == 1)\n", "(cells_probe_success >= 0)\n"));

        for (var mutation : mutations.entrySet()) {
            Path mutantDir = Files.createDirectories(dir.resolve("m" + mutation.getKey().hashCode()));
            Path mutantRules = mutantDir.resolve("rules.yml");
            Files.writeString(mutantRules, mutation.getValue().apply(rules));
            Path mutantTests = mutantDir.resolve("tests.yml");
            ObjectNode tests = (ObjectNode) YAML.readTree(unitTests().toFile());
            tests.putArray("rule_files").add(mutantRules.toString());
            YAML.writeValue(mutantTests.toFile(), tests);

            var result = promtool("test", "rules", mutantTests.toString());

            assertThat(result.exitCode()).as("unit tests should fail for the mutant: " + mutation.getKey()).isNotZero();
            assertThat(result.output()).as(mutation.getKey()).contains("FAILED");
        }
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text).as("rules file should contain the text the mutation replaces").contains(from);
        int at = text.indexOf(from);
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    private static ObservabilityTools.Result promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(ObservabilityTools.PROMTOOL.toString());
        command.addAll(List.of(args));
        return ObservabilityTools.run(command, null, PROMTOOL_TIMEOUT);
    }
}
