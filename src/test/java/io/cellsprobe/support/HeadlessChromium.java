package io.cellsprobe.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium without a driver: {@code --dump-dom} gives the DOM after the page loaded,
 * {@code --screenshot} a PNG. Runs as root too ({@code --no-sandbox}), with a profile of its own and
 * its background requests to Google's services turned off: tests only ever load 127.0.0.1.
 */
public final class HeadlessChromium {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final String INSTALL_HINT = "apt-get install -y chromium";

    private static final long TIMEOUT_SECONDS = 60;

    private HeadlessChromium() {
    }

    /** Fails (CI) or skips (elsewhere) unless Chromium is installed. */
    public static void requireInstalled() {
        RequiredTools.require(INSTALL_HINT, CHROMIUM);
    }

    /** The page's DOM as Chromium rendered it, serialized as HTML. */
    public static String dumpDom(URI page) throws IOException, InterruptedException {
        Path dom = Files.createTempFile("chromium-dom", ".html");
        try {
            run(List.of("--dump-dom", page.toString()), dom);
            return Files.readString(dom, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(dom);
        }
    }

    /** A PNG of the page in a window of {@code width} x {@code height} CSS pixels. */
    public static void screenshot(URI page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        Path log = Files.createTempFile("chromium-screenshot", ".log");
        try {
            run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                    "--hide-scrollbars", page.toString()), log);
        } finally {
            Files.deleteIfExists(log);
        }
        if (!Files.isRegularFile(png)) {
            fail("Chromium wrote no screenshot to " + png);
        }
    }

    private static void run(List<String> arguments, Path stdout) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        Path stderr = Files.createTempFile("chromium", ".err");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
                "--user-data-dir=" + profile));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            if (process.exitValue() != 0) {
                fail("Chromium exited with " + process.exitValue() + ": " + Files.readString(stderr));
            }
        } finally {
            // Chromium's renderer and GPU helpers are children of the process started here.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Files.deleteIfExists(stderr);
            deleteRecursively(profile);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
