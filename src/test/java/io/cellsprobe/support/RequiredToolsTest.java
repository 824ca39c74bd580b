package io.cellsprobe.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The missing-tool rule every test of a real program relies on: skip locally, fail on CI. */
class RequiredToolsTest {

    private static final String HINT = "apt-get install -y some-tool";

    @Test
    void missingToolSkipsWithTheInstallCommandLocallyAndFailsOnCi() {
        Throwable thrown = catchThrowable(() -> RequiredTools.require(HINT, Path.of("/nonexistent/some-tool")));

        if ("true".equals(System.getenv("CI"))) {
            assertThat(thrown).isInstanceOf(AssertionFailedError.class).hasMessageContaining(HINT);
        } else {
            assertThat(thrown).isInstanceOf(TestAbortedException.class).hasMessageContaining(HINT);
        }
    }

    @Test
    void installedToolsPass() {
        // /bin/sh stands in for an installed tool: no skip, no failure
        RequiredTools.require(HINT, Path.of("/bin/sh"));
    }
}
