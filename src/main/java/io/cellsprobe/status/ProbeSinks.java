package io.cellsprobe.status;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cellsprobe.status.TargetStatuses.StatusChange;
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
        each(change.after().target().name(), sink -> sink.onProbe(change.before(), change.after()));
    }

    public void resumed(StatusChange change) {
        each(change.after().target().name(), sink -> sink.onResumed(change.before(), change.after()));
    }

    public void started(String target, Duration lag) {
        each(target, sink -> sink.onStarted(target, lag));
    }

    public void skipped(String target) {
        each(target, sink -> sink.onSkipped(target));
    }

    /** Every sink, each guarded: a throwing sink must not leave the probe loop half-way. */
    private void each(String target, Consumer<ProbeSink> call) {
        for (ProbeSink sink : sinks) {
            try {
                call.accept(sink);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Probe sink %s failed for target %s", sink.getClass().getSimpleName(), target);
            }
        }
    }
}
