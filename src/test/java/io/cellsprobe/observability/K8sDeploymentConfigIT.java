package io.cellsprobe.observability;

import static io.cellsprobe.observability.ObservabilityTools.projectDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.cellsprobe.testing.CellsLikeServer.Account;
import io.cellsprobe.testing.CellsV1Server;

/**
 * Runs the packaged monitor configured the way k8s/deployment.yaml configures its container:
 * the ConfigMap as environment, the Secret's keys as environment variables and as files (the
 * example Secret's values, files at the mounted paths moved under a temp directory). Only the
 * Cells URL (a local Cells-like server), the probe interval and timeout (1 s and 800 ms, to be
 * quick) and the loopback ports differ. Every HTTP path the manifests use must then answer, and the target
 * must log in successfully: the manifests really configure the monitor.
 */
class K8sDeploymentConfigIT {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void monitorStartsAndProbesWithTheDeploymentsConfiguration() throws Exception {
        Path jar = projectDir().resolve("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the packaged monitor; failsafe runs after package").exists();
        Path work = Files.createDirectories(projectDir().resolve("target/k8s-config-it/" + System.currentTimeMillis()));
        Path k8s = ObservabilityTools.k8sDir();
        JsonNode deployment = YAML.readTree(k8s.resolve("deployment.yaml").toFile());
        JsonNode configMap = YAML.readTree(k8s.resolve("config.yaml").toFile());
        JsonNode secret = YAML.readTree(k8s.resolve("secret.example.yaml").toFile()).path("stringData");
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);

        try (CellsV1Server cells = CellsV1Server.healthy(new Account(secret.path("CELLS_API_KEY").asText(),
                secret.path("CELLS_API_SECRET").asText(), secret.path("CELLS_USERNAME").asText(),
                secret.path("CELLS_PASSWORD").asText()))) {
            Map<String, String> mountedAt = writeSecretVolumes(pod, container, secret, work);
            Map<String, String> env = containerEnvironment(container, configMap, secret, mountedAt);
            env.put("CELLS_URL", cells.url());
            // quick probes: the first one comes within one interval (30 s in the ConfigMap)
            env.put("CELLS_PROBE_INTERVAL", "1s");
            env.put("CELLS_PROBE_TIMEOUT", "800ms");

            int managementPort = ManagedProcess.freeLoopbackPort();
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            try (ManagedProcess monitor = ManagedProcess.start("monitor", List.of(java,
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                    "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
                    "-jar", jar.toString()), work, env)) {
                String base = "http://127.0.0.1:" + managementPort;
                List<String> paths = new ArrayList<>();
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    paths.add(container.path(probe).path("httpGet").path("path").asText());
                }
                paths.add(YAML.readTree(k8s.resolve("servicemonitor.yaml").toFile())
                        .path("spec").path("endpoints").get(0).path("path").asText());
                paths.add("/q/health/group/cells");
                try {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                        for (String path : paths) {
                            if (get(base + path).statusCode() != 200) {
                                return false;
                            }
                        }
                        return MetricsText.parse(get(base + "/q/metrics").body()).stream()
                                .anyMatch(m -> m.name().equals("cells_probe_success")
                                        && "default".equals(m.labels().get("target")) && m.value() == 1.0);
                    });
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError("monitor configured like the Deployment did not probe successfully; paths "
                            + paths + "\n" + monitor.logTail(30), e);
                }
                assertThat(get(base + "/q/health/group/cells").body()).contains("cells-default").contains("\"UP\"");
            }
        }
    }

    /** Writes each Secret volume's items under {@code work}; returns mountPath -> local directory. */
    private static Map<String, String> writeSecretVolumes(JsonNode pod, JsonNode container, JsonNode secret, Path work)
            throws Exception {
        Map<String, String> mountedAt = new LinkedHashMap<>();
        for (JsonNode volume : pod.path("volumes")) {
            if (!volume.has("secret")) {
                continue;
            }
            Path dir = Files.createDirectories(work.resolve("volume-" + volume.path("name").asText()));
            for (JsonNode item : volume.path("secret").path("items")) {
                Files.writeString(dir.resolve(item.path("path").asText()), secret.path(item.path("key").asText()).asText());
            }
            for (JsonNode mount : container.path("volumeMounts")) {
                if (mount.path("name").asText().equals(volume.path("name").asText())) {
                    mountedAt.put(mount.path("mountPath").asText(), dir.toString());
                }
            }
        }
        return mountedAt;
    }

    /** envFrom ConfigMap, then env (plain values and secretKeyRef), paths into mounts moved to the local copies. */
    private static Map<String, String> containerEnvironment(JsonNode container, JsonNode configMap, JsonNode secret,
            Map<String, String> mountedAt) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            assertThat(source.path("configMapRef").path("name").asText()).isEqualTo(configMap.path("metadata").path("name").asText());
            configMap.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode variable : container.path("env")) {
            String value = variable.has("value")
                    ? variable.path("value").asText()
                    : secret.path(variable.path("valueFrom").path("secretKeyRef").path("key").asText()).asText();
            for (var mount : mountedAt.entrySet()) {
                if (value.startsWith(mount.getKey() + "/")) {
                    value = mount.getValue() + value.substring(mount.getKey().length());
                }
            }
            env.put(variable.path("name").asText(), value);
        }
        return env;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
