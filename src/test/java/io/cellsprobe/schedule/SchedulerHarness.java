package io.cellsprobe.schedule;

/**
 * Starts and stops a {@link ProbeScheduler} outside CDI, for tests in other packages: its lifecycle
 * methods are package-private CDI observers ({@code StartupEvent}, {@code ShutdownEvent}).
 */
public final class SchedulerHarness {

    private SchedulerHarness() {
    }

    public static void start(ProbeScheduler scheduler) {
        scheduler.start(null);
    }

    public static void stop(ProbeScheduler scheduler) {
        scheduler.stop(null);
    }
}
