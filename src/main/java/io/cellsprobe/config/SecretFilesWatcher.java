package io.cellsprobe.config;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Re-reads secret files (Kubernetes Secret mounts) off the probes' event loops, so a rotated
 * password, API secret or personal access token is used without a restart and lifts a credentials
 * suspension.
 */
@ApplicationScoped
public class SecretFilesWatcher {

    private static final Logger LOG = Logger.getLogger(SecretFilesWatcher.class);

    private final Targets targets;
    private final Event<CredentialsChanged> changed;
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

    public SecretFilesWatcher(Targets targets, Event<CredentialsChanged> changed) {
        this.targets = targets;
        this.changed = changed;
    }

    @Scheduled(every = "${cells-probe.secret-file-check-interval:10s}", delayed = "${cells-probe.secret-file-check-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        for (Target target : targets.all()) {
            boolean rotated = target.secretSources().stream()
                    .filter(SecretFile.class::isInstance)
                    .map(SecretFile.class::cast)
                    .map(this::refreshed)
                    .reduce(false, Boolean::logicalOr);
            if (rotated) {
                changed.fire(new CredentialsChanged(target.name()));
            }
        }
    }

    private boolean refreshed(SecretFile file) {
        String key = file.path().toString();
        try {
            boolean rotated = file.refresh();
            unreadable.remove(key);
            return rotated;
        } catch (IOException e) {
            // Mid-rotation the file may be briefly missing: keep the old value, say so once.
            if (unreadable.add(key)) {
                LOG.warnf("Secret file %s cannot be read (%s); the previous value stays in use", key,
                        e.getClass().getSimpleName());
            }
            return false;
        }
    }
}
