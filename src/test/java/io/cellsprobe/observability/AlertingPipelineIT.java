package io.cellsprobe.observability;

import static io.cellsprobe.observability.ObservabilityTools.ALERTMANAGER;
import static io.cellsprobe.observability.ObservabilityTools.PROMETHEUS;
import static io.cellsprobe.observability.ObservabilityTools.PROMTOOL;
import static io.cellsprobe.observability.ObservabilityTools.projectDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cellsprobe.config.AuthSettings;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.testing.CellsLikeServer.Account;
import io.cellsprobe.testing.CellsV1Server;

/**
 * The whole alerting path with real programs, all on 127.0.0.1: a Cells-like server (WireMock)
 * -> the packaged monitor jar -> a real Prometheus scraping it every second and evaluating the
 * shipped rules (only their for: shortened) -> a real Alertmanager -> a webhook in this test.
 *
 * The steps run in order on one pipeline: lint the live metrics, check Prometheus loaded the
 * rules, break the Cells login until CellsAuthDown arrives (timed), heal it until the alert
 * resolves, run every dashboard query against the live data, then kill the monitor until
 * CellsProbeAbsent/CellsProbeStale arrives. Work files and process logs stay in
 * target/alerting-it/<millis>/.
 *
 * Breaking is what happens in real life: the account's password is changed on Cells, so the
 * monitor's is refused (403 access_denied, reason credentials_rejected). The monitor then
 * stops logging in to protect the account from Cells' lockout, until its password file
 * changes; healing is giving it the new password through that file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertingPipelineIT {

    private static final String TARGET = "acc";
    private static final Account ACCOUNT = new Account("cells-front", "it-client-secret", "monitor", "it-password");
    private static final String ROTATED_PASSWORD = "rotated-on-cells";
    private static final String JOB = "cells-auth-probe";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);
    /** Grafana variables as Grafana would fill them for this target. Windows cover the whole run. */
    private static final Map<String, String> DASHBOARD_VALUES = Map.of("target", TARGET, "__rate_interval", "2m", "__range", "10m");
    private static final Set<String> PUBLIC_METRICS = Set.of("cells_probe_success", "cells_probe_duration_seconds_bucket",
            "cells_probe_duration_seconds_count", "cells_probe_duration_seconds_sum", "cells_probe_duration_seconds_max",
            "cells_probe_runs_total", "cells_probe_failures_total", "cells_probe_skipped_total",
            "cells_probe_last_run_timestamp_seconds", "cells_probe_last_success_timestamp_seconds",
            "cells_probe_consecutive_failures", "cells_probe_token_lifetime_seconds",
            "cells_probe_token_expiry_timestamp_seconds", "cells_probe_http_status_code",
            "cells_probe_backoff_seconds", "cells_probe_credentials_suspended", "cells_probe_credential_rejections",
            "cells_probe_tls_cert_expiry_timestamp_seconds");

    /**
     * promtool findings on metrics that Quarkus' and Micrometer's own binders register (Netty,
     * HTTP server, process/system), not on ours. Listed one by one so that any new finding
     * fails; setting e.g. quarkus.micrometer.binder.netty.enabled=false removes some of them.
     */
    private static final Set<String> ACCEPTED_UPSTREAM_LINT_FINDINGS = Set.of(
            "http_server_active_requests no help text",
            "http_server_connections_seconds_active_count no help text",
            "http_server_connections_seconds_duration_sum no help text",
            "netty_allocator_memory_pinned no help text",
            "netty_allocator_memory_used no help text",
            "netty_allocator_pooled_arenas no help text",
            "netty_allocator_pooled_cache_size no help text",
            "netty_allocator_pooled_chunk_size no help text",
            "netty_allocator_pooled_threadlocal_caches no help text",
            "netty_eventexecutor_tasks_pending no help text",
            "process_cpu_time_ns_total metric names should not contain abbreviated units",
            "system_cpu_count non-histogram and non-summary metrics should not have \"_count\" suffix");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    /** Everything started, in start order; stopped in reverse order. */
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, String> timings = new LinkedHashMap<>();

    private Path work;
    private Path passwordFile;
    private CellsV1Server cells;
    private AlertWebhook webhook;
    private ManagedProcess alertmanager;
    private ManagedProcess monitor;
    private ManagedProcess prometheus;
    private int managementPort;
    private String alertmanagerUrl;
    private String prometheusUrl;
    private Map<String, JsonNode> testSizedAlerts;

    @BeforeAll
    void startPipeline() throws Exception {
        ObservabilityTools.requireInstalled(PROMETHEUS, ALERTMANAGER, PROMTOOL);
        Path jar = projectDir().resolve("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the packaged monitor; failsafe runs after package").exists();
        work = Files.createDirectories(projectDir().resolve("target/alerting-it/" + System.currentTimeMillis()));

        cells = track(CellsV1Server.healthy(ACCOUNT));
        webhook = track(AlertWebhook.start());
        alertmanager = track(startAlertmanager());
        monitor = track(startMonitor(jar));
        prometheus = track(startPrometheus());

        awaitUntil("Alertmanager ready", Duration.ofSeconds(30), () -> status(alertmanagerUrl + "/-/ready") == 200);
        awaitUntil("monitor reports a successful probe of " + TARGET, Duration.ofSeconds(60),
                () -> monitorSample("cells_probe_success") == 1.0);
        awaitUntil("Prometheus ready", Duration.ofSeconds(30), () -> status(prometheusUrl + "/-/ready") == 200);
        // the first scrape shows in the API only after some seconds, even at a 1 s interval
        awaitUntil("Prometheus has scraped the monitor", Duration.ofSeconds(60),
                () -> queryValues("cells_probe_success{job=\"" + JOB + "\",target=\"" + TARGET + "\"}").contains(1.0));
    }

    @AfterAll
    void stopPipeline() throws IOException {
        List<AutoCloseable> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        for (AutoCloseable item : reverse) {
            try {
                item.close();
            } catch (Exception e) {
                System.out.println("[alerting-it] could not stop " + item + ": " + e);
            }
        }
        if (work != null) {
            String summary = timings.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n"));
            Files.writeString(work.resolve("timings.txt"), summary + "\n");
            System.out.println("[alerting-it] timings (also in " + work.resolve("timings.txt") + "):\n" + summary);
        }
    }

    @Test
    @Order(1)
    void liveMetricsPassPromtoolCheckMetricsAndHoldThePublicApi() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metricsUrl()))
                .header("Accept", "text/plain; version=0.0.4").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");

        var lint = ObservabilityTools.run(List.of(PROMTOOL.toString(), "check", "metrics"), response.body(), Duration.ofSeconds(30));
        List<String> findings = lint.output().lines().filter(line -> !line.isBlank()).toList();
        // exit 1 = unparseable exposition; 3 = lint findings (checked one by one below)
        assertThat(lint.exitCode()).as("promtool check metrics:\n" + lint.output()).isIn(0, 3);
        assertThat(findings).as("promtool findings on our own metrics").noneMatch(line -> line.startsWith("cells_probe"));
        assertThat(findings).as("promtool findings other than the known ones of Quarkus/Micrometer binders")
                .isSubsetOf(ACCEPTED_UPSTREAM_LINT_FINDINGS);

        List<MetricsText.Sample> samples = MetricsText.parse(response.body());
        Set<String> names = samples.stream().filter(s -> TARGET.equals(s.labels().get("target")))
                .map(MetricsText.Sample::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(names).as("metrics the rules and the dashboard rely on").containsAll(PUBLIC_METRICS);

        // failures are pre-set for the reasons each step can give; each reason needs a runbook section
        Map<String, Set<String>> reasonsByPhase = new TreeMap<>();
        for (MetricsText.Sample s : samples) {
            if (s.name().equals("cells_probe_failures_total") && TARGET.equals(s.labels().get("target"))) {
                reasonsByPhase.computeIfAbsent(s.labels().get("phase"), phase -> new TreeSet<>())
                        .add(s.labels().get("reason"));
            }
        }
        Map<String, Set<String>> declared = new TreeMap<>();
        for (Phase step : List.of(Phase.TOKEN, Phase.USER)) {
            declared.put(step.label(), step.reasons(AuthSettings.DEX).stream().map(FailureReason::label)
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        assertThat(reasonsByPhase).isEqualTo(declared);
        Set<String> anchors = K8sManifestsTest.runbookAnchors();
        reasonsByPhase.values().stream().flatMap(Set::stream).forEach(
                reason -> assertThat(anchors).as("runbook section for " + reason).contains("reason-" + reason));
    }

    @Test
    @Order(2)
    void prometheusScrapesTheMonitorAndLoadedEveryShippedAlert() throws Exception {
        JsonNode groups = getJson(prometheusUrl + "/api/v1/rules").path("data").path("groups");
        Map<String, JsonNode> loaded = new LinkedHashMap<>();
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                loaded.put(rule.path("name").asText(), rule);
            }
        }
        assertThat(loaded.keySet()).containsExactlyInAnyOrderElementsOf(testSizedAlerts.keySet());
        for (var alert : testSizedAlerts.entrySet()) {
            JsonNode rule = loaded.get(alert.getKey());
            assertThat(rule.path("health").asText()).as(alert.getKey() + " " + rule.path("lastError")).isEqualTo("ok");
            assertThat(rule.path("duration").asLong())
                    .isEqualTo(RuleFiles.parseDurationSeconds(alert.getValue().path("for").asText()));
        }
        assertThat(queryValues("up{job=\"" + JOB + "\"}")).containsExactly(1.0);
        assertThat(webhook.delivered()).as("nothing about Cells fires while Cells is healthy")
                .allMatch(alert -> alert.label("alertname").equals("CellsProbeAbsent"));
    }

    @Test
    @Order(3)
    void brokenLoginPagesCellsAuthDownWithPhaseAndReason(TestReporter reporter) throws Exception {
        cells.changePassword(ROTATED_PASSWORD);
        Instant brokenAt = Instant.now();
        // the monitor gives up before Cells would lock the account (max-credential-attempts=2 here)
        awaitUntil("monitor suspends its logins", STEP_TIMEOUT,
                () -> queryValues("cells_probe_credentials_suspended{target=\"" + TARGET + "\"}").contains(1.0));

        AlertWebhook.Delivered down = awaitDelivered("CellsAuthDown firing for " + TARGET, brokenAt,
                alert -> alert.status().equals("firing") && alert.label("alertname").equals("CellsAuthDown")
                        && alert.label("target").equals(TARGET));
        Duration breakToWebhook = Duration.between(brokenAt, down.receivedAt());
        report(reporter, "break-to-webhook CellsAuthDown", breakToWebhook, "CellsAuthDown");

        // for: is honoured: the alert cannot arrive before the failures lasted that long
        assertThat(breakToWebhook).isGreaterThanOrEqualTo(forOf("CellsAuthDown"));
        assertThat(down.label("severity")).isEqualTo("critical");
        assertThat(down.annotations().path("summary").asText()).contains("token phase").contains("credentials_rejected");
        assertThat(down.annotations().path("description").asText()).contains("phase=token reason=credentials_rejected")
                .contains("stopped logging in");
        assertThat(down.annotations().path("runbook_url").asText()).isEqualTo("docs/runbook.md#reason-credentials_rejected");

        HttpResponse<String> health = get("http://127.0.0.1:" + managementPort + "/q/health/group/cells");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("cells-" + TARGET).contains("DOWN");
    }

    @Test
    @Order(4)
    void healedLoginResolvesCellsAuthDown(TestReporter reporter) throws Exception {
        // like kubelet updating a Secret volume: the new content appears at once (atomic move)
        Path staged = Files.writeString(work.resolve("password.new"), ROTATED_PASSWORD);
        Files.move(staged, passwordFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Instant healedAt = Instant.now();

        AlertWebhook.Delivered resolved = awaitDelivered("CellsAuthDown resolved for " + TARGET, healedAt,
                alert -> alert.status().equals("resolved") && alert.label("alertname").equals("CellsAuthDown")
                        && alert.label("target").equals(TARGET));
        report(reporter, "heal-to-webhook CellsAuthDown resolved", Duration.between(healedAt, resolved.receivedAt()), null);

        awaitUntil("health group cells UP again", Duration.ofSeconds(30),
                () -> status("http://127.0.0.1:" + managementPort + "/q/health/group/cells") == 200);
    }

    @Test
    @Order(5)
    void everyDashboardQueryReturnsDataFromTheLivePrometheus() throws Exception {
        Dashboard dashboard = Dashboard.read(ObservabilityTools.dashboardFile());
        List<Dashboard.Query> queries = dashboard.queries();
        assertThat(queries).isNotEmpty();

        // the target variable's own query, label_values(cells_probe_success, target)
        JsonNode targets = getJson(prometheusUrl + "/api/v1/label/target/values?match[]=" + encode("cells_probe_success")).path("data");
        assertThat(targets.toString()).contains("\"" + TARGET + "\"");

        AtomicReference<List<String>> broken = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                List<String> empty = new ArrayList<>();
                for (Dashboard.Query query : queries) {
                    String expr = Dashboard.substitute(query.expr(), DASHBOARD_VALUES);
                    List<Double> values = queryValues(expr);
                    if (values.stream().noneMatch(Double::isFinite)) {
                        empty.add(query + "  ->  " + values);
                    }
                }
                broken.set(empty);
                return empty.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Dashboard panels whose query returns no finite value (a broken panel):\n"
                    + String.join("\n", broken.get()), e);
        }
        System.out.printf("[alerting-it] %d dashboard queries returned data%n", queries.size());
    }

    @Test
    @Order(6)
    void deadMonitorFiresCellsProbeAbsentOrStale(TestReporter reporter) {
        long rss = monitor.residentMebibytes();
        timings.put("monitor RSS before it was stopped", rss + " MiB");
        System.out.printf("[alerting-it] monitor RSS before stopping it: %d MiB%n", rss);

        monitor.close();
        Instant killedAt = Instant.now();

        AlertWebhook.Delivered gone = awaitDelivered("CellsProbeAbsent or CellsProbeStale firing", killedAt,
                alert -> alert.status().equals("firing")
                        && Set.of("CellsProbeAbsent", "CellsProbeStale").contains(alert.label("alertname")));
        report(reporter, "kill-to-webhook " + gone.label("alertname"), Duration.between(killedAt, gone.receivedAt()),
                gone.label("alertname"));
        assertThat(gone.label("severity")).isEqualTo("critical");
    }

    // --- starting the programs -------------------------------------------------------------------

    private ManagedProcess startAlertmanager() throws IOException {
        int port = ManagedProcess.freeLoopbackPort();
        alertmanagerUrl = "http://127.0.0.1:" + port;
        Path config = work.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: webhook
                  group_by: [alertname, target]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: webhook
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                # as recommended in k8s/README.md
                inhibit_rules:
                  - source_matchers: [alertname="CellsAuthDown"]
                    target_matchers: [alertname="CellsAuthDegraded"]
                    equal: [target]
                """.formatted(webhook.url()));
        return ManagedProcess.start("alertmanager", List.of(ALERTMANAGER.toString(),
                "--config.file=" + config,
                "--storage.path=" + Files.createDirectories(work.resolve("alertmanager-data")),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="), work);
    }

    private ManagedProcess startMonitor(Path jar) throws IOException {
        managementPort = ManagedProcess.freeLoopbackPort();
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        passwordFile = Files.writeString(work.resolve("password"), ACCOUNT.password());
        // Secrets in files, as in production: a command line shows in ps and in this test's report.
        Path apiSecretFile = Files.writeString(work.resolve("api-secret"), ACCOUNT.apiSecret());
        String prefix = "-Dcells-probe.targets." + TARGET + ".";
        return ManagedProcess.start("monitor", List.of(java,
                prefix + "url=" + cells.url(),
                prefix + "api-key=" + ACCOUNT.apiKey(),
                prefix + "api-secret-file=" + apiSecretFile,
                prefix + "username=" + ACCOUNT.username(),
                prefix + "password-file=" + passwordFile,
                prefix + "interval=1s",
                prefix + "timeout=800ms",
                prefix + "max-credential-attempts=2",
                "-Dcells-probe.secret-file-check-interval=1s",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=0",
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-jar", jar.toString()), work);
    }

    private ManagedProcess startPrometheus() throws IOException {
        JsonNode shipped = RuleFiles.read(ObservabilityTools.rulesFile());
        JsonNode testSized = RuleFiles.withTestSizedFor(shipped);
        // only the for: values may differ from what ships
        assertThat(RuleFiles.withoutFor(testSized)).isEqualTo(RuleFiles.withoutFor(shipped));
        testSizedAlerts = RuleFiles.alerts(testSized);
        Path rules = work.resolve("cells-probe-rules.test-sized.yml");
        RuleFiles.write(testSized, rules);

        int port = ManagedProcess.freeLoopbackPort();
        prometheusUrl = "http://127.0.0.1:" + port;
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ['%s']
                scrape_configs:
                  - job_name: %s
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(rules, alertmanagerUrl.substring("http://".length()), JOB, managementPort));
        return ManagedProcess.start("prometheus", List.of(PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(work.resolve("prometheus-data")),
                "--web.listen-address=127.0.0.1:" + port), work);
    }

    private <T extends AutoCloseable> T track(T item) {
        started.add(item);
        return item;
    }

    // --- waiting and reporting -------------------------------------------------------------------

    private AlertWebhook.Delivered awaitDelivered(String what, Instant since, Predicate<AlertWebhook.Delivered> matching) {
        awaitUntil(what + " at the webhook", STEP_TIMEOUT, () -> webhook.first(since, matching).isPresent());
        return webhook.first(since, matching).orElseThrow();
    }

    /** Polls until the condition holds; on timeout fails with the process logs and the alerts seen so far. */
    private void awaitUntil(String what, Duration timeout, Callable<Boolean> condition) {
        try {
            await(what).atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            StringBuilder diagnostics = new StringBuilder("Timed out after " + timeout + " waiting for: " + what);
            diagnostics.append("\nalerts delivered to the webhook: ").append(webhook == null ? "-" : webhook.delivered());
            for (ManagedProcess process : List.of(alertmanager, monitor, prometheus)) {
                if (process != null) {
                    diagnostics.append('\n').append(process.logTail(25));
                }
            }
            throw new AssertionError(diagnostics.toString(), e);
        }
    }

    private void report(TestReporter reporter, String name, Duration duration, String alertName) {
        String value = String.format("%.1f s", duration.toMillis() / 1000.0);
        if (alertName != null) {
            value += " (test-sized for: " + forOf(alertName).toSeconds() + "s, shipped for: "
                    + shippedFor(alertName) + ", scrape/eval/probe interval 1 s, Alertmanager group_wait 1 s)";
        }
        timings.put(name, value);
        reporter.publishEntry(name, value);
        System.out.printf("[alerting-it] %s: %s%n", name, value);
    }

    private Duration forOf(String alertName) {
        return Duration.ofSeconds(RuleFiles.parseDurationSeconds(testSizedAlerts.get(alertName).path("for").asText()));
    }

    private static String shippedFor(String alertName) {
        try {
            return RuleFiles.alerts(RuleFiles.read(ObservabilityTools.rulesFile())).get(alertName).path("for").asText();
        } catch (IOException e) {
            return "?";
        }
    }

    // --- HTTP --------------------------------------------------------------------------------------

    private String metricsUrl() {
        return "http://127.0.0.1:" + managementPort + "/q/metrics";
    }

    /** Value of a metric of the target as the monitor itself exposes it, NaN if absent. */
    private double monitorSample(String name) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metricsUrl()))
                .header("Accept", "text/plain; version=0.0.4").build(), HttpResponse.BodyHandlers.ofString());
        return MetricsText.parse(response.body()).stream()
                .filter(s -> s.name().equals(name) && TARGET.equals(s.labels().get("target")))
                .mapToDouble(MetricsText.Sample::value).findFirst().orElse(Double.NaN);
    }

    /** Instant query against the live Prometheus: the sample values of the result vector. */
    private List<Double> queryValues(String promql) throws Exception {
        JsonNode body = getJson(prometheusUrl + "/api/v1/query?query=" + encode(promql));
        assertThat(body.path("status").asText()).as(promql + " -> " + body).isEqualTo("success");
        List<Double> values = new ArrayList<>();
        for (JsonNode sample : body.path("data").path("result")) {
            values.add(MetricsText.parseValue(sample.path("value").get(1).asText()));
        }
        return values;
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).as(url + " -> " + response.body()).isBetween(200, 499);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int status(String url) throws IOException, InterruptedException {
        return get(url).statusCode();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
