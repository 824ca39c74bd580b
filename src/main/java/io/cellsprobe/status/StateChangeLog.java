package io.cellsprobe.status;

import java.time.Duration;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeResult;

/**
 * One INFO line when a target changes state, so logs stay quiet while nothing changes; the detail
 * of every probe is at DEBUG.
 */
@ApplicationScoped
public class StateChangeLog implements ProbeSink {

    private static final Logger LOG = Logger.getLogger(StateChangeLog.class);

    @Override
    public void onProbe(TargetStatus before, TargetStatus after) {
        ProbeResult result = after.last().orElseThrow();
        if (LOG.isDebugEnabled()) {
            LOG.debugf("Probe of target %s: %s in %s", result.target(), outcome(result), timings(result));
        }
        String target = after.target().name();
        if (after.backoff().stopped() && !before.backoff().stopped()) {
            LOG.warnf("Target %s: no more logins: %s", target, after.whatToDo());
            return;
        }
        if (before.state() == after.state()) {
            return;
        }
        switch (after.state()) {
            case SUSPENDED -> LOG.warnf("Target %s SUSPENDED after %s: %s", target, outcome(result), after.whatToDo());
            case DOWN -> LOG.infof("Target %s is DOWN after %d failed probes: %s", target, after.consecutiveFailures(),
                    outcome(result));
            case UP -> LOG.infof(before.state() == TargetStatus.State.PENDING ? "Target %s first probe: %s"
                    : "Target %s is UP: %s", target, outcome(result));
            case PENDING -> {
                // a finished probe never leads back to PENDING
            }
        }
    }

    @Override
    public void onResumed(TargetStatus before, TargetStatus after) {
        LOG.infof("Target %s: credentials changed, probing resumes now (it was %s)", after.target().name(),
                before.state());
    }

    /** "12.345 ms (token 7.012 ms, user 5.101 ms)": microseconds, for people and the accuracy benchmark. */
    private static String timings(ProbeResult result) {
        StringBuilder text = new StringBuilder(millis(result.total())).append(" (");
        String separator = "";
        for (Phase phase : Phase.values()) {
            Duration duration = result.durations().get(phase);
            if (phase != Phase.TOTAL && duration != null) {
                text.append(separator).append(phase.label()).append(' ').append(millis(duration));
                separator = ", ";
            }
        }
        return text.append(')').toString();
    }

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.3f ms", duration.toNanos() / 1e6);
    }

    private static String outcome(ProbeResult result) {
        return result.failure()
                .map(f -> "failure, " + f.reason().label() + " at " + f.phase().label() + " (" + f.detail() + ")")
                .orElse("success");
    }
}
