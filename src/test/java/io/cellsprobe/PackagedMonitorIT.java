package io.cellsprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cellsprobe.support.PackagedMonitor;
import io.cellsprobe.support.Scrapes;
import io.cellsprobe.testing.CellsLikeServer.Account;
import io.cellsprobe.testing.CellsV1Server;
import io.cellsprobe.testing.CellsV1Server.Breakage;

/** The packaged jar, configured only through -D properties, against a Cells-like server. */
class PackagedMonitorIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private CellsV1Server cells;

    @BeforeEach
    void startCells() {
        cells = CellsV1Server.healthy(Account.MONITOR);
    }

    @AfterEach
    void stopCells() {
        cells.stop();
    }

    @Test
    void targetConfiguredOnlyByPropertiesReportsSuccessWithinOneIntervalAndFailuresByReason() throws Exception {
        String prefix = "cells-probe.targets.acc.";
        try (PackagedMonitor monitor = PackagedMonitor.start(List.of(
                prefix + "url=" + cells.url(),
                prefix + "api-key=" + Account.MONITOR.apiKey(),
                prefix + "api-secret=" + Account.MONITOR.apiSecret(),
                prefix + "username=" + Account.MONITOR.username(),
                prefix + "password=" + Account.MONITOR.password(),
                prefix + "interval=2s",
                prefix + "timeout=1500ms"))) {

            // Start-up (about a second) plus one interval.
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(
                    () -> assertThat(sample(monitor, "cells_probe_success", "target=\"acc\"")).hasValue(1.0));

            cells.breakWith(Breakage.CREDENTIALS_REJECTED);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sample(monitor,
                    "cells_probe_failures_total", "target=\"acc\"", "phase=\"token\"",
                    "reason=\"credentials_rejected\"")).hasValue(1.0));
            assertThat(sample(monitor, "cells_probe_success", "target=\"acc\"")).hasValue(0.0);

            assertThat(monitor.output()).contains("Target acc first probe")
                    .doesNotContain(Account.MONITOR.apiSecret(), Account.MONITOR.password());
        }
    }

    @Test
    void shutdownWithAProbeInFlightExitsPromptly() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                PackagedMonitor monitor = PackagedMonitor.start(List.of(
                        "cells-probe.targets.hang.url=http://127.0.0.1:" + silent.getLocalPort(),
                        "cells-probe.targets.hang.api-key=k", "cells-probe.targets.hang.api-secret=s",
                        "cells-probe.targets.hang.username=u", "cells-probe.targets.hang.password=p",
                        "cells-probe.targets.hang.interval=30s", "cells-probe.targets.hang.timeout=25s"))) {
            // The connection is accepted by the kernel and never answered: a probe hangs in flight.
            await().atMost(Duration.ofSeconds(40)).ignoreExceptions().until(() -> {
                silent.setSoTimeout(1000);
                silent.accept();
                return true;
            });

            Duration exit = monitor.terminate(15);

            assertThat(exit).as("exit after SIGTERM with a probe hanging in flight").isLessThan(Duration.ofSeconds(5));
            assertThat(monitor.output()).contains("stopped in");
        }
    }

    private OptionalDouble sample(PackagedMonitor monitor, String name, String... labels) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(monitor.managementUrl("/q/metrics")))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        return Scrapes.sample(response.body(), name, labels);
    }
}
