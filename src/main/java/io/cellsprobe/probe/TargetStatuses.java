package io.cellsprobe.probe;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cellsprobe.config.Targets;
import io.quarkus.arc.All;

/**
 * Where results go: folds each into its target's {@link TargetStatus} and hands the change to every
 * {@link ProbeSink}. A failing sink is logged and never stops the others or the scheduler.
 */
@ApplicationScoped
public class TargetStatuses {

    private static final Logger LOG = Logger.getLogger(TargetStatuses.class);

    private final Map<String, TargetStatus> byTarget = new ConcurrentHashMap<>();
    private final List<ProbeSink> sinks;

    @Inject
    public TargetStatuses(Targets targets, @All List<ProbeSink> sinks) {
        this.sinks = sinks;
        byTarget.putAll(targets.all().stream()
                .collect(Collectors.toMap(target -> target.name(), TargetStatus::initial)));
    }

    public void record(ProbeResult result) {
        TargetStatus before = byTarget.get(result.target());
        TargetStatus after = byTarget.computeIfPresent(result.target(), (name, status) -> status.next(result));
        for (ProbeSink sink : sinks) {
            try {
                sink.onProbe(before, after);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Probe sink %s failed for target %s", sink.getClass().getSimpleName(), result.target());
            }
        }
    }

    public void recordSkipped(String target) {
        for (ProbeSink sink : sinks) {
            sink.onSkipped(target);
        }
    }

    public TargetStatus get(String target) {
        return byTarget.get(target);
    }

    public Collection<TargetStatus> all() {
        return byTarget.values().stream()
                .sorted(Comparator.comparing(status -> status.target().name()))
                .toList();
    }
}
