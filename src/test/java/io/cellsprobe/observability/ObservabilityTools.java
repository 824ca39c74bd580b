package io.cellsprobe.observability;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The real Prometheus tools from the Debian packages, and the rule for when they are missing:
 * on CI (CI=true) that is a failure, on a developer machine the test is skipped with the
 * command that installs them.
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
        List<String> missing = new ArrayList<>();
        for (Path tool : tools) {
            if (!Files.isExecutable(tool)) {
                missing.add(tool.toString());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("Missing " + missing + " on CI; install them first: " + INSTALL_HINT);
        }
        Assumptions.assumeTrue(false, INSTALL_HINT);
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
