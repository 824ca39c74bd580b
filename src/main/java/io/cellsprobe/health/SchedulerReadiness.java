package io.cellsprobe.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.cellsprobe.schedule.ProbeScheduler;

/** Ready once the configuration was valid (start-up stops otherwise) and the scheduler runs. */
@Readiness
@ApplicationScoped
public class SchedulerReadiness implements HealthCheck {

    private final ProbeScheduler scheduler;

    public SchedulerReadiness(ProbeScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("probe-scheduler")
                .status(scheduler.isRunning())
                .withData("targets", scheduler.targetCount())
                .build();
    }
}
