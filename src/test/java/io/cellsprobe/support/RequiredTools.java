package io.cellsprobe.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * The rule for tests that drive real programs from Debian packages (Prometheus, Chromium) when one
 * is missing: on CI (CI=true) that is a failure, on a developer machine the test is skipped with the
 * command that installs it.
 */
public final class RequiredTools {

    private RequiredTools() {
    }

    /** Fails (CI) or skips (elsewhere) with {@code installHint} unless every tool is installed. */
    public static void require(String installHint, Path... tools) {
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
            fail("Missing " + missing + " on CI; install them first: " + installHint);
        }
        Assumptions.assumeTrue(false, installHint);
    }
}
