package io.cellsprobe.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.cellsprobe.probe.FailureReason;

/**
 * Static checks of everything under k8s/ and of the runbook links: the manifests agree with
 * the service's fixed public API (port 9000, /q/health/*, /q/metrics), with each other
 * (names, labels, ports), and the generated twins (PrometheusRule, dashboard ConfigMap) have
 * not drifted from their sources.
 */
class K8sManifestsTest {

    /** The service's fixed public API. */
    private static final int MANAGEMENT_PORT = 9000;
    private static final String LIVENESS_PATH = "/q/health/live";
    private static final String READINESS_PATH = "/q/health/ready";
    private static final String METRICS_PATH = "/q/metrics";
    static final List<String> FAILURE_REASONS = Stream.of(FailureReason.values()).map(FailureReason::label).toList();
    private static final List<String> REQUIRED_ALERTS = List.of("CellsAuthDown", "CellsAuthDegraded", "CellsAuthSlow",
            "CellsTokenLifetimeShort", "CellsProbeStale", "CellsProbeAbsent");

    /** Files in k8s/ that are sources of a generated manifest instead of a resource, and their twin. */
    private static final Map<String, String> SOURCE_TO_TWIN = Map.of(
            "prometheus/cells-probe-rules.yml", "prometheus-rule.yaml");
    private static final String DASHBOARD_FILE = "grafana/cells-auth-probe-dashboard.json";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path k8s;
    private static JsonNode kustomization;
    private static JsonNode deployment;
    private static JsonNode service;
    private static JsonNode serviceMonitor;

    @BeforeAll
    static void loadManifests() throws IOException {
        k8s = ObservabilityTools.k8sDir();
        kustomization = single("kustomization.yaml");
        deployment = manifestOfKind("Deployment");
        service = manifestOfKind("Service");
        serviceMonitor = manifestOfKind("ServiceMonitor");
    }

    // --- parsing and kustomization ----------------------------------------------------------

    @Test
    void everyYamlFileParsesAndEveryManifestHasKindAndName() throws IOException {
        List<Path> yamlFiles = filesUnderK8s().stream()
                .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList();
        assertThat(yamlFiles).isNotEmpty();
        for (Path file : yamlFiles) {
            List<JsonNode> documents = documents(file);
            assertThat(documents).as(file + " should hold YAML documents").isNotEmpty();
        }
        for (String resource : resources()) {
            for (JsonNode doc : documents(k8s.resolve(resource))) {
                assertThat(doc.path("apiVersion").asText()).as(resource + " apiVersion").isNotBlank();
                assertThat(doc.path("kind").asText()).as(resource + " kind").isNotBlank();
                assertThat(doc.path("metadata").path("name").asText()).as(resource + " metadata.name").isNotBlank();
            }
        }
    }

    @Test
    void kustomizationListsEveryFileInK8s() throws IOException {
        Set<String> expected = new TreeSet<>();
        for (Path file : filesUnderK8s()) {
            String relative = k8s.relativize(file).toString().replace('\\', '/');
            if (!relative.equals("README.md") && !relative.equals("kustomization.yaml") && !SOURCE_TO_TWIN.containsKey(relative)
                    && !relative.equals(DASHBOARD_FILE)) {
                expected.add(relative);
            }
        }

        assertThat(new TreeSet<>(resources())).as("kustomization.yaml resources vs. files in k8s/").isEqualTo(expected);
        for (var entry : SOURCE_TO_TWIN.entrySet()) {
            assertThat(k8s.resolve(entry.getKey())).as("source file").exists();
            assertThat(resources()).as("twin of " + entry.getKey()).contains(entry.getValue());
        }
    }

    // --- Deployment ---------------------------------------------------------------------------

    @Test
    void deploymentExposesTheManagementPortAndProbesItsHealthPaths() {
        JsonNode container = container();
        assertThat(namedContainerPort(container, "management")).isEqualTo(MANAGEMENT_PORT);

        assertHttpProbe(container.get("livenessProbe"), LIVENESS_PATH);
        assertHttpProbe(container.get("readinessProbe"), READINESS_PATH);
        assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).startsWith("/q/health");
        assertThat(resolvePort(container, container.path("startupProbe").path("httpGet").path("port"))).isEqualTo(MANAGEMENT_PORT);
    }

    @Test
    void deploymentRunsNonRootWithReadOnlyRootFilesystemAndTmpVolume() {
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode container = container();
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt()).as("the image's user").isEqualTo(185);
        JsonNode security = container.path("securityContext");
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(security.path("capabilities").path("drop").toString()).contains("ALL");

        String tmpVolume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if ("/tmp".equals(mount.path("mountPath").asText())) {
                tmpVolume = mount.path("name").asText();
            }
        }
        assertThat(tmpVolume).as("a volume mounted at /tmp").isNotNull();
        boolean emptyDir = false;
        for (JsonNode volume : pod.path("volumes")) {
            if (tmpVolume.equals(volume.path("name").asText())) {
                emptyDir = volume.has("emptyDir");
            }
        }
        assertThat(emptyDir).as("/tmp is an emptyDir").isTrue();
    }

    @Test
    void deploymentHasRequestsAndLimitsSizedForTheMeasuredFootprint() {
        JsonNode resources = container().path("resources");
        long requestMemory = mebibytes(resources.path("requests").path("memory").asText());
        long limitMemory = mebibytes(resources.path("limits").path("memory").asText());
        assertThat(resources.path("requests").path("cpu").asText()).isNotBlank();
        assertThat(resources.path("limits").path("cpu").asText()).isNotBlank();
        assertThat(requestMemory).isPositive().isLessThanOrEqualTo(limitMemory);
        // the packaged jar holds 115 to 132 MiB RSS idle with the image's flags (bench/README.md): the limit needs headroom above it
        assertThat(limitMemory).isGreaterThanOrEqualTo(192);
    }

    @Test
    void deploymentTakesItsConfigurationFromTheShippedConfigMapAndSecret() throws IOException {
        JsonNode container = container();
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode secret = manifestOfKind("Secret");
        String secretName = secret.path("metadata").path("name").asText();
        JsonNode secretData = secret.path("stringData");

        Set<String> configMaps = new HashSet<>();
        for (JsonNode source : container.path("envFrom")) {
            assertThat(source.has("secretRef"))
                    .as("the Secret must not be loaded with envFrom: CELLS_PASSWORD next to the password file is refused")
                    .isFalse();
            configMaps.add(source.path("configMapRef").path("name").asText());
        }
        JsonNode configMap = manifestNamed("ConfigMap", configMaps);
        assertThat(configMap.path("data").has("CELLS_URL")).isTrue();

        // API key and username as environment variables from the Secret
        Map<String, String> envFromSecret = new HashMap<>();
        Map<String, String> envValues = new HashMap<>();
        for (JsonNode env : container.path("env")) {
            JsonNode ref = env.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                assertThat(ref.path("name").asText()).isEqualTo(secretName);
                envFromSecret.put(env.path("name").asText(), ref.path("key").asText());
            } else {
                envValues.put(env.path("name").asText(), env.path("value").asText());
            }
        }
        assertThat(envFromSecret).containsEntry("CELLS_API_KEY", "CELLS_API_KEY").containsEntry("CELLS_USERNAME", "CELLS_USERNAME");

        // API secret and password as files of a Secret volume, which the monitor re-reads
        String volumeName = null;
        Map<String, String> fileToKey = new HashMap<>();
        for (JsonNode volume : pod.path("volumes")) {
            if (secretName.equals(volume.path("secret").path("secretName").asText())) {
                volumeName = volume.path("name").asText();
                for (JsonNode item : volume.path("secret").path("items")) {
                    fileToKey.put(item.path("path").asText(), item.path("key").asText());
                }
            }
        }
        assertThat(volumeName).as("a volume of the Secret").isNotNull();
        String mountPath = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (volumeName.equals(mount.path("name").asText())) {
                assertThat(mount.has("subPath")).as("subPath mounts are never refreshed by kubelet").isFalse();
                assertThat(mount.path("readOnly").asBoolean()).isTrue();
                mountPath = mount.path("mountPath").asText();
            }
        }
        assertThat(mountPath).as("the Secret volume is mounted").isNotNull();
        Map<String, String> keyOfFileProperty = new HashMap<>();
        for (String property : List.of("CELLS_PROBE_TARGETS_DEFAULT_API_SECRET_FILE", "CELLS_PROBE_TARGETS_DEFAULT_PASSWORD_FILE")) {
            String file = envValues.get(property);
            assertThat(file).as(property).startsWith(mountPath + "/");
            keyOfFileProperty.put(property, fileToKey.get(file.substring(mountPath.length() + 1)));
        }
        assertThat(keyOfFileProperty).containsEntry("CELLS_PROBE_TARGETS_DEFAULT_API_SECRET_FILE", "CELLS_API_SECRET")
                .containsEntry("CELLS_PROBE_TARGETS_DEFAULT_PASSWORD_FILE", "CELLS_PASSWORD");

        for (String key : List.of("CELLS_API_KEY", "CELLS_API_SECRET", "CELLS_USERNAME", "CELLS_PASSWORD")) {
            assertThat(secretData.has(key)).as("secret key " + key).isTrue();
            assertThat(configMap.path("data").has(key)).as(key + " must not sit in the ConfigMap").isFalse();
        }
        for (String key : List.of("CELLS_API_SECRET", "CELLS_USERNAME", "CELLS_PASSWORD")) {
            assertThat(secretData.path(key).asText()).as("example secret holds placeholders only: " + key).startsWith("REPLACE-");
        }
    }

    // --- Service, ServiceMonitor, job label ----------------------------------------------------

    @Test
    void serviceExposesTheManagementPortOfThePods() {
        JsonNode port = single(service.path("spec").path("ports"));
        assertThat(port.path("port").asInt()).isEqualTo(MANAGEMENT_PORT);
        assertThat(port.path("name").asText()).isEqualTo("management");
        assertThat(resolvePort(container(), port.path("targetPort"))).isEqualTo(MANAGEMENT_PORT);
        assertSelects(service.path("spec").path("selector"), deployment.path("spec").path("template").path("metadata").path("labels"));
    }

    @Test
    void serviceMonitorScrapesMetricsOnTheServicesManagementPort() {
        JsonNode endpoint = single(serviceMonitor.path("spec").path("endpoints"));
        assertThat(endpoint.path("path").asText()).isEqualTo(METRICS_PATH);
        assertThat(endpoint.path("port").asText()).isEqualTo(service.path("spec").path("ports").get(0).path("name").asText());
        assertSelects(serviceMonitor.path("spec").path("selector").path("matchLabels"), service.path("metadata").path("labels"));
    }

    @Test
    void alertRulesSelectTheJobNameTheServiceMonitorProduces() throws IOException {
        // without jobLabel, prometheus-operator sets job to the Service name
        assertThat(serviceMonitor.path("spec").has("jobLabel")).isFalse();
        String job = service.path("metadata").path("name").asText();
        String absent = RuleFiles.alerts(RuleFiles.read(ObservabilityTools.rulesFile())).get("CellsProbeAbsent").path("expr").asText();
        assertThat(absent).contains("job=\"" + job + "\"");
    }

    // --- twins --------------------------------------------------------------------------------

    @Test
    void prometheusRuleHoldsExactlyThePlainRulesFile() throws IOException {
        JsonNode prometheusRule = manifestOfKind("PrometheusRule");
        JsonNode plain = RuleFiles.read(ObservabilityTools.rulesFile());
        assertThat(prometheusRule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(prometheusRule.path("spec"))
                .as("k8s/prometheus-rule.yaml spec must equal k8s/prometheus/cells-probe-rules.yml (regenerate it, see its header)")
                .isEqualTo(plain);
    }

    @Test
    void dashboardConfigMapIsGeneratedFromTheDashboardJsonForTheGrafanaSidecar() throws IOException {
        JsonNode generator = single(kustomization.path("configMapGenerator"));
        assertThat(generator.path("name").asText()).isEqualTo("cells-auth-probe-dashboard");
        assertThat(single(generator.path("files")).asText()).isEqualTo(DASHBOARD_FILE);
        assertThat(generator.path("options").path("disableNameSuffixHash").asBoolean()).isTrue();
        assertThat(generator.path("options").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        assertThat(JSON.readTree(k8s.resolve(DASHBOARD_FILE).toFile()))
                .as("the generated ConfigMap holds the very file the tests query")
                .isEqualTo(JSON.readTree(ObservabilityTools.dashboardFile().toFile()));
    }

    // --- alert rules and runbook ---------------------------------------------------------------

    @Test
    void everyRequiredAlertExistsWithSeveritySummaryDescriptionAndRunbook() throws IOException {
        Map<String, JsonNode> alerts = RuleFiles.alerts(RuleFiles.read(ObservabilityTools.rulesFile()));
        assertThat(alerts.keySet()).containsAll(REQUIRED_ALERTS);
        for (var alert : alerts.entrySet()) {
            JsonNode rule = alert.getValue();
            assertThat(rule.path("labels").path("severity").asText()).as(alert.getKey() + " severity").isIn("critical", "warning");
            for (String annotation : List.of("summary", "description", "runbook_url")) {
                assertThat(rule.path("annotations").path(annotation).asText()).as(alert.getKey() + " " + annotation).isNotBlank();
            }
            assertThat(rule.path("for").asText()).as(alert.getKey() + " for:").isNotBlank();
        }
    }

    @Test
    void runbookLinksPointToExistingSectionsOfTheRunbook() throws IOException {
        Set<String> anchors = runbookAnchors();
        for (var alert : RuleFiles.alerts(RuleFiles.read(ObservabilityTools.rulesFile())).entrySet()) {
            for (String link : expandRunbookLink(alert.getValue().path("annotations").path("runbook_url").asText())) {
                assertThat(link).as(alert.getKey()).startsWith("docs/runbook.md#");
                assertThat(anchors).as(alert.getKey() + " links to " + link).contains(link.substring(link.indexOf('#') + 1));
            }
        }
    }

    @Test
    void runbookHasASectionForEveryAlertAndEveryFailureReason() throws IOException {
        Set<String> anchors = runbookAnchors();
        for (String alert : REQUIRED_ALERTS) {
            assertThat(anchors).contains(alert.toLowerCase());
        }
        for (String reason : FAILURE_REASONS) {
            assertThat(anchors).contains("reason-" + reason);
        }
        String runbook = Files.readString(ObservabilityTools.runbookFile());
        assertThat(runbook).as("the lockout rule of Cells").contains("10 wrong passwords");
    }

    // --- dashboard ----------------------------------------------------------------------------

    @Test
    void dashboardHasDatasourceAndTargetVariablesUsedByEveryPanel() throws IOException {
        Dashboard dashboard = Dashboard.read(ObservabilityTools.dashboardFile());
        JsonNode datasource = dashboard.variable("datasource");
        JsonNode target = dashboard.variable("target");
        assertThat(datasource).isNotNull();
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        assertThat(target).isNotNull();
        assertThat(target.path("definition").asText()).contains("cells_probe_success").contains("target");
        assertThat(dashboard.json().path("uid").asText()).isNotBlank();

        for (JsonNode panel : dashboard.panels()) {
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asText() + " has queries").isNotEmpty();
        }
        for (Dashboard.Query query : dashboard.queries()) {
            assertThat(Dashboard.variablesIn(query.expr())).as(query.toString())
                    .isSubsetOf("target", "__rate_interval", "__range");
            if (query.expr().contains("cells_probe_")) {
                assertThat(query.expr()).as(query + " filters on the target variable").contains("target=~\"$target\"");
            }
        }
    }

    @Test
    void dashboardShowsTheRequiredViews() throws IOException {
        String all = Dashboard.read(ObservabilityTools.dashboardFile()).queries().stream()
                .map(Dashboard.Query::expr).collect(Collectors.joining("\n"));
        assertThat(all).contains("cells_probe_success", "cells_probe_runs_total", "cells_probe_last_success_timestamp_seconds",
                "cells_probe_token_lifetime_seconds", "cells_probe_token_expiry_timestamp_seconds",
                "cells_probe_credential_rejections", "cells_probe_backoff_seconds");
        for (String quantile : List.of("0.5", "0.95", "0.99")) {
            assertThat(all).contains("histogram_quantile(" + quantile + ", sum by (target, phase, le) (rate(cells_probe_duration_seconds_bucket");
        }
        // the share of slow logins CellsAuthSlow counts
        assertThat(all).contains("cells_probe_duration_seconds_bucket{target=~\"$target\",phase=\"total\",le=\"2.5\"}");
        assertThat(all).containsPattern("sum by \\(target, phase, reason\\) \\(increase\\(cells_probe_failures_total");
    }

    // --- helpers ------------------------------------------------------------------------------

    private static List<Path> filesUnderK8s() throws IOException {
        try (Stream<Path> files = Files.walk(k8s)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<String> resources() {
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        return resources;
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (var parser = YAML.createParser(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            });
            return docs;
        }
    }

    private static JsonNode single(String file) throws IOException {
        List<JsonNode> docs = documents(k8s.resolve(file));
        assertThat(docs).as(file).hasSize(1);
        return docs.get(0);
    }

    private static JsonNode single(JsonNode arrayOrObject) {
        assertThat(arrayOrObject.size()).as("exactly one entry in " + arrayOrObject).isEqualTo(1);
        return arrayOrObject.elements().next();
    }

    /** The only manifest of that kind among the kustomization's resources. */
    private static JsonNode manifestOfKind(String kind) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        for (String resource : resources()) {
            for (JsonNode doc : documents(k8s.resolve(resource))) {
                if (kind.equals(doc.path("kind").asText())) {
                    found.add(doc);
                }
            }
        }
        assertThat(found).as("exactly one " + kind + " in the kustomization").hasSize(1);
        return found.get(0);
    }

    private static JsonNode manifestNamed(String kind, Set<String> names) throws IOException {
        assertThat(names).as(kind + " referenced by the Deployment").hasSize(1);
        String name = names.iterator().next();
        for (String resource : resources()) {
            for (JsonNode doc : documents(k8s.resolve(resource))) {
                if (kind.equals(doc.path("kind").asText()) && name.equals(doc.path("metadata").path("name").asText())) {
                    return doc;
                }
            }
        }
        throw new AssertionError(kind + " " + name + " is referenced by the Deployment but not in the kustomization");
    }

    private static JsonNode container() {
        return single(deployment.path("spec").path("template").path("spec").path("containers"));
    }

    private static int namedContainerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("container has no port named " + name);
    }

    private static int resolvePort(JsonNode container, JsonNode port) {
        return port.isInt() ? port.asInt() : namedContainerPort(container, port.asText());
    }

    private static void assertHttpProbe(JsonNode probe, String path) {
        assertThat(probe).as("probe for " + path).isNotNull();
        assertThat(probe.path("httpGet").path("path").asText()).isEqualTo(path);
        assertThat(resolvePort(container(), probe.path("httpGet").path("port"))).as(path + " port").isEqualTo(MANAGEMENT_PORT);
    }

    private static void assertSelects(JsonNode selector, JsonNode labels) {
        assertThat(selector.size()).as("selector " + selector).isPositive();
        selector.fields().forEachRemaining(e ->
                assertThat(labels.path(e.getKey()).asText()).as("label " + e.getKey()).isEqualTo(e.getValue().asText()));
    }

    private static long mebibytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
        assertThat(m.matches()).as("memory quantity in Mi or Gi: " + quantity).isTrue();
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("Gi") ? n * 1024 : n;
    }

    /** Anchors of docs/runbook.md: explicit {@code <a id>} and GitHub-style heading slugs. */
    static Set<String> runbookAnchors() throws IOException {
        Set<String> anchors = new HashSet<>();
        for (String line : Files.readAllLines(ObservabilityTools.runbookFile())) {
            Matcher explicit = Pattern.compile("<a (?:id|name)=\"([^\"]+)\"").matcher(line);
            while (explicit.find()) {
                anchors.add(explicit.group(1));
            }
            if (line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").toLowerCase();
                anchors.add(heading.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    /**
     * The links a runbook_url can render to. Supports the one template form the rules use,
     * {@code {{ if $labels.reason }}reason-{{ $labels.reason }}{{ else }}X{{ end }}}, expanded
     * for every failure reason and for the else branch.
     */
    private static List<String> expandRunbookLink(String link) {
        Matcher m = Pattern.compile("\\{\\{ if \\$labels\\.reason }}(.*?)\\{\\{ else }}(.*?)\\{\\{ end }}").matcher(link);
        if (!m.find()) {
            assertThat(link).as("unsupported template in runbook_url").doesNotContain("{{");
            return List.of(link);
        }
        List<String> links = new ArrayList<>();
        String prefix = link.substring(0, m.start());
        String suffix = link.substring(m.end());
        links.add(prefix + m.group(2) + suffix);
        for (String reason : FAILURE_REASONS) {
            links.add(prefix + m.group(1).replace("{{ $labels.reason }}", reason) + suffix);
        }
        links.forEach(l -> assertThat(l).as("unsupported template in runbook_url").doesNotContain("{{"));
        return links;
    }
}
