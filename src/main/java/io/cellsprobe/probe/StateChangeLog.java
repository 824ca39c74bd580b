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
        switch (after.state()) {
            case SUSPENDED -> LOG.warnf("Target %s SUSPENDED: its credentials were rejected %d times in a row (%s). "
                    + "No login is attempted until the password or API secret changes (rotate the mounted "
                    + "password-file/api-secret-file) or the monitor restarts; Cells blocks an account after 10 wrong "
                    + "passwords, and a locked account needs an administrator", target, after.credentialRejections(),
                    outcome(result));
            case DOWN -> LOG.infof("Target %s is DOWN after %d failed probes: %s", target, after.consecutiveFailures(),
                    outcome(result));
            case UP -> LOG.infof(before.state() == TargetStatus.State.PENDING ? "Target %s first probe: %s"
                    : "Target %s is UP: %s", target, outcome(result));
            case PENDING -> {
                // a finished probe never leads back to PENDING
            }
        }
    }

    private static String outcome(ProbeResult result) {
        return result.failure()
                .map(f -> "failure, " + f.reason().label() + " at " + f.phase().label() + " (" + f.detail() + ")")
                .orElse("success");
    }
}
