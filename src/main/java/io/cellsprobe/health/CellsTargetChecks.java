package io.cellsprobe.health;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.probe.TargetStatus;
import io.cellsprobe.probe.TargetStatuses;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.registry.HealthRegistries;

/**
 * The {@code cells} health group ({@code /q/health/group/cells}): one check per target, named
 * {@code cells-<target>}, DOWN after {@code failure-threshold} consecutive failures or while the
 * target is suspended for rejected credentials. It watches Cells,
 * not this process, so it belongs to no liveness or readiness probe of the monitor itself.
 */
@ApplicationScoped
public class CellsTargetChecks {

    static final String GROUP = "cells";

    void register(@Observes StartupEvent event, Targets targets, TargetStatuses statuses) {
        for (Target target : targets.all()) {
            String name = "cells-" + target.name();
            HealthRegistries.getHealthGroupRegistry(GROUP).register(name, () -> check(name, statuses.get(target.name())));
        }
    }

    static HealthCheckResponse check(String name, TargetStatus status) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name)
                .status(status.state() != TargetStatus.State.DOWN && status.state() != TargetStatus.State.SUSPENDED);
        for (Map.Entry<String, Object> entry : status.describe().entrySet()) {
            Object value = entry.getValue();
            if (value instanceof Number number && !(value instanceof Double)) {
                response.withData(entry.getKey(), number.longValue());
            } else if (value instanceof Boolean flag) {
                response.withData(entry.getKey(), flag);
            } else {
                response.withData(entry.getKey(), String.valueOf(value));
            }
        }
        return response.build();
    }
}
