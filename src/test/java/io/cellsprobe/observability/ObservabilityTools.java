package io.cellsprobe.observability;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.cellsprobe.support.RequiredTools;

/**
 * The real Prometheus tools from the Debian packages; when they are missing the tests fail on CI and
 * are skipped elsewhere ({@link RequiredTools}).
 */
final class ObservabilityTools {

    static final String INSTALL_HINT = "apt-get install -y prometheus prometheus-alertmanager";

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");

    private ObservabilityTools() {
    }

    /** Fails (CI) or skips (elsewhere) unless every tool is installed. */
    static void requireInstalled(Path... tools) {
        RequiredTools.require(INSTALL_HINT, tools);
    }

    /** The Maven project directory (surefire and failsafe set basedir). */
    static Path projectDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    static Path k8sDir() {
        return projectDir().resolve("k8s");
    }

    static Path rulesFile() {
        return k8sDir().resolve("prometheus/cells-probe-rules.yml");
    }

    static Path dashboardFile() {
        return k8sDir().resolve("grafana/cells-auth-probe-dashboard.json");
    }

    static Path runbookFile() {
        return projectDir().resolve("docs/runbook.md");
    }

    /** Result of a finished command: exit code and stdout+stderr. */
    record Result(int exitCode, String output) {
    }

    /** Runs a command to completion (stdout and stderr merged), feeding it {@code stdin} if given. */
    static Result run(List<String> command, String stdin, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("Timed out after " + timeout + ": " + command);
            }
            return new Result(process.exitValue(), output.join());
        } finally {
            process.destroyForcibly();
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }
}
