package io.cellsprobe.observability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program started by a test: output to a log file, stopped by its pid (SIGTERM, then SIGKILL
 * after a grace period). Never looked up or killed by name.
 */
final class ManagedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ManagedProcess start(String name, List<String> command, Path workDir) throws IOException {
        return start(name, command, workDir, Map.of());
    }

    /**
     * Starts with this test JVM's environment minus any CELLS_* and QUARKUS_* variables (they
     * would configure the program behind the test's back), plus {@code environment}.
     */
    static ManagedProcess start(String name, List<String> command, Path workDir, Map<String, String> environment)
            throws IOException {
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("CELLS_") || key.startsWith("QUARKUS_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        System.out.printf("[observability-it] started %s, pid %d: %s%n", name, process.pid(), String.join(" ", command));
        return new ManagedProcess(name, process, log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Resident memory of the process in MiB from /proc (Linux), or -1 if unknown. */
    long residentMebibytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or already gone
        }
        return -1;
    }

    /** The last lines of the log, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return "--- last lines of " + log + " ---\n" + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log " + log + ": " + e + ")";
        }
    }

    /** Stops this process by its pid: SIGTERM, and SIGKILL if it is still there after 10 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        System.out.printf("[observability-it] stopped %s, pid %d%n", name, process.pid());
    }

    /** A port that was free on 127.0.0.1 a moment ago (for programs that need it up front). */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
