package io.cellsprobe.probe;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** What discovery found per target, kept between probes and forgotten after a failed one. */
@ApplicationScoped
public class Discoveries {

    private final Map<String, Discovery> byTarget = new ConcurrentHashMap<>();

    Optional<Discovery> get(String target) {
        return Optional.ofNullable(byTarget.get(target));
    }

    void put(String target, Discovery discovery) {
        byTarget.put(target, discovery);
    }

    void forget(String target) {
        byTarget.remove(target);
    }
}
