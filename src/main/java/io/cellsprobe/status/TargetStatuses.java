package io.cellsprobe.status;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.probe.ProbeResult;

/** The latest {@link TargetStatus} of every target, folded from its results. */
@ApplicationScoped
public class TargetStatuses {

    private final Map<String, TargetStatus> byTarget = new ConcurrentHashMap<>();

    public TargetStatuses(Targets targets) {
        byTarget.putAll(targets.all().stream().collect(Collectors.toMap(Target::name, TargetStatus::initial)));
    }

    /** Folds the result into its target's status. */
    public StatusChange record(ProbeResult result) {
        return update(result.target(), status -> status.next(result));
    }

    /** The target's credentials changed: clear its rejections and suspension. */
    public StatusChange resume(String target) {
        return update(target, TargetStatus::resumed);
    }

    public TargetStatus get(String target) {
        return byTarget.get(target);
    }

    public Collection<TargetStatus> all() {
        return byTarget.values().stream().sorted(Comparator.comparing(status -> status.target().name())).toList();
    }

    private StatusChange update(String target, UnaryOperator<TargetStatus> change) {
        TargetStatus[] before = new TargetStatus[1];
        TargetStatus after = byTarget.computeIfPresent(target, (name, status) -> {
            before[0] = status;
            return change.apply(status);
        });
        return new StatusChange(before[0], after);
    }

    /** A status and the one it replaced. */
    public record StatusChange(TargetStatus before, TargetStatus after) {
    }
}
