package io.cellsprobe.probe;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cellsprobe.probe.TargetStatuses.StatusChange;
import io.quarkus.arc.All;

/** Hands every status change to each {@link ProbeSink}; a failing sink never stops the others. */
@ApplicationScoped
public class ProbeSinks {

    private static final Logger LOG = Logger.getLogger(ProbeSinks.class);

    private final List<ProbeSink> sinks;

    public ProbeSinks(@All List<ProbeSink> sinks) {
        this.sinks = sinks;
    }

    public void probed(StatusChange change) {
        for (ProbeSink sink : sinks) {
            try {
                sink.onProbe(change.before(), change.after());
            } catch (RuntimeException e) {
                LOG.errorf(e, "Probe sink %s failed for target %s", sink.getClass().getSimpleName(),
                        change.after().target().name());
            }
        }
    }

    public void started(String target, Duration lag) {
        for (ProbeSink sink : sinks) {
            sink.onStarted(target, lag);
        }
    }

    public void skipped(String target) {
        for (ProbeSink sink : sinks) {
            sink.onSkipped(target);
        }
    }
}
