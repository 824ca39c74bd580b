package io.cellsprobe.probe;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

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
            LOG.debugf("Probe of target %s: %s in %d ms", result.target(), outcome(result), result.total().toMillis());
        }
        if (before.state() == after.state()) {
            return;
        }
        String target = after.target().name();
        if (before.state() == TargetStatus.State.PENDING && after.state() == TargetStatus.State.UP) {
            LOG.infof("Target %s first probe: %s", target, outcome(result));
        } else if (after.state() == TargetStatus.State.UP) {
            LOG.infof("Target %s is UP again after %d failed probes", target, before.consecutiveFailures());
        } else {
            LOG.infof("Target %s is DOWN after %d failed probes: %s", target, after.consecutiveFailures(),
                    outcome(result));
        }
    }

    private static String outcome(ProbeResult result) {
        return result.failure()
                .map(f -> "failure, " + f.reason().label() + " at " + f.phase().label() + " (" + f.detail() + ")")
                .orElse("success");
    }
}
