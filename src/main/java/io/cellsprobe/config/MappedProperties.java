package io.cellsprobe.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import io.smallrye.config.PropertyName;

/**
 * The properties {@link CellsProbeConfig} maps, as SmallRye reads them from the interface: names
 * with {@code *} for a target name ({@code cells-probe.targets.*.interval}), types and defaults.
 * Read from the mapping itself so that a property added there is known here too.
 */
final class MappedProperties {

    static final String PREFIX = "cells-probe";

    private static final Map<String, Property> PROPERTIES = ConfigMappings
            .getProperties(ConfigClass.configClass(CellsProbeConfig.class, PREFIX));

    private MappedProperties() {
    }

    /** Every mapped name, with {@code *} where a target name or a list index goes. */
    static List<String> names() {
        return PROPERTIES.keySet().stream().sorted().toList();
    }

    /** Every mapped name of these targets and the global ones; list elements ({@code [*]}) left out. */
    static List<String> names(Set<String> targets) {
        return names().stream().filter(name -> !name.contains("[*]"))
                .flatMap(name -> name.contains("*")
                        ? targets.stream().map(target -> name.replace("*", target.contains(".") ? '"' + target + '"' : target))
                        : Stream.of(name))
                .toList();
    }

    /** The mapped property a concrete name such as {@code cells-probe.targets.prod.interval} sets. */
    static Optional<Property> find(String name) {
        PropertyName wanted = PropertyName.name(name);
        return PROPERTIES.entrySet().stream()
                .filter(entry -> PropertyName.name(entry.getKey()).equals(wanted))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
