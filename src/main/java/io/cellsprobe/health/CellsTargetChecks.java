package io.cellsprobe.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.status.StatusData;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.status.TargetStatuses;
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
            HealthRegistries.getHealthGroupRegistry(GROUP)
                    .register(name, () -> check(name, statuses.get(target.name())));
        }
    }

    static HealthCheckResponse check(String name, TargetStatus status) {
        TargetStatus.State state = status.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name)
                .status(state != TargetStatus.State.DOWN && state != TargetStatus.State.SUSPENDED);
        // StatusData decides each value's type, the same as /status answers it.
        StatusData.of(status).forEach((key, value) -> {
            if (value instanceof Long number) {
                response.withData(key, number);
            } else if (value instanceof Boolean flag) {
                response.withData(key, flag);
            } else {
                response.withData(key, (String) value);
            }
        });
        return response.build();
    }
}
