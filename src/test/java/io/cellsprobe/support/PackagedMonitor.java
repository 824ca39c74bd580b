package io.cellsprobe.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged monitor ({@code target/quarkus-app/quarkus-run.jar}) run as its own process, the way
 * an operator runs it; for integration tests that run after {@code package}.
 */
public final class PackagedMonitor implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final Path output;
    public final int httpPort;
    public final int managementPort;

    private PackagedMonitor(Process process, Path output, int httpPort, int managementPort) {
        this.process = process;
        this.output = output;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /** Starts the jar with these {@code -D} properties (without the {@code -D}), on free ports. */
    public static PackagedMonitor start(List<String> properties) {
        return start(properties, Map.of());
    }

    /** As {@link #start(List)}, with these variables added to the environment the process inherits. */
    public static PackagedMonitor start(List<String> properties, Map<String, String> environment) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after `./mvnw package`");
        }
        int httpPort = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dquarkus.http.host=127.0.0.1");
        properties.forEach(property -> command.add("-D" + property));
        command.add("-jar");
        command.add(JAR.toString());
        try {
            Path output = Files.createTempFile("packaged-monitor", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new PackagedMonitor(process, output, httpPort, managementPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the monitor did not exit within " + seconds + " s; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM, as Kubernetes does, and returns how long the process took to exit. */
    public Duration terminate(long maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(maxSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the monitor did not exit within " + maxSeconds + " s of SIGTERM");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(output);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
