package io.cellsprobe.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CellsEnvironmentConfigSourceTest {

    @Test
    void cellsVariablesDefineTheDefaultTarget() {
        CellsEnvironmentConfigSource source = new CellsEnvironmentConfigSource(Map.of(
                "CELLS_URL", "https://cells.example.org",
                "CELLS_API_KEY", "cells-front",
                "CELLS_API_SECRET", "s",
                "CELLS_USERNAME", "monitor",
                "CELLS_PASSWORD", "p",
                "CELLS_PROBE_INTERVAL", "1m",
                "CELLS_PROBE_TIMEOUT", "20s",
                "PATH", "/usr/bin"));

        assertThat(source.getPropertyNames()).containsExactlyInAnyOrder(
                "cells-probe.targets.default.url", "cells-probe.targets.default.api-key",
                "cells-probe.targets.default.api-secret", "cells-probe.targets.default.username",
                "cells-probe.targets.default.password", "cells-probe.targets.default.interval",
                "cells-probe.targets.default.timeout");
        assertThat(source.getValue("cells-probe.targets.default.interval")).isEqualTo("1m");
        assertThat(source.getValue("cells-probe.targets.default.url")).isEqualTo("https://cells.example.org");
    }

    @Test
    void noCellsVariablesDefineNothing() {
        assertThat(new CellsEnvironmentConfigSource(Map.of("HOME", "/root")).getPropertyNames()).isEmpty();
    }

    @Test
    void explicitPropertiesAndEnvironmentOutrankTheShortcut() {
        // System properties are 400, the environment 300, application.properties 250.
        assertThat(new CellsEnvironmentConfigSource(Map.of()).getOrdinal()).isBetween(251, 299);
    }
}
