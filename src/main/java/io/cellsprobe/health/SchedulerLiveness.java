package io.cellsprobe.health;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import io.cellsprobe.schedule.ProbeScheduler;

/**
 * Liveness is about this process only: DOWN when the scheduler itself has stalled. A Cells outage
 * never makes it DOWN, since a restart would only hammer Cells again.
 */
@Liveness
@ApplicationScoped
public class SchedulerLiveness implements HealthCheck {

    private final ProbeScheduler scheduler;

    public SchedulerLiveness(ProbeScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> stalls = scheduler.stalls();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("probe-scheduler")
                .status(stalls.isEmpty())
                .withData("targets", scheduler.targetCount());
        if (!stalls.isEmpty()) {
            response.withData("stalled", String.join("; ", stalls));
        }
        return response.build();
    }
}
