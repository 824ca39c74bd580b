package io.cellsprobe.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The missing-tool rule every observability test relies on: skip locally, fail on CI. */
class ObservabilityToolsTest {

    @Test
    void missingToolSkipsWithTheInstallCommandLocallyAndFailsOnCi() {
        Throwable thrown = catchThrowable(() -> ObservabilityTools.requireInstalled(Path.of("/nonexistent/promtool")));

        if ("true".equals(System.getenv("CI"))) {
            assertThat(thrown).isInstanceOf(AssertionFailedError.class).hasMessageContaining(ObservabilityTools.INSTALL_HINT);
        } else {
            assertThat(thrown).isInstanceOf(TestAbortedException.class).hasMessageContaining(ObservabilityTools.INSTALL_HINT);
        }
    }

    @Test
    void installedToolsPass() {
        // /bin/sh stands in for an installed tool: no skip, no failure
        ObservabilityTools.requireInstalled(Path.of("/bin/sh"));
    }
}
