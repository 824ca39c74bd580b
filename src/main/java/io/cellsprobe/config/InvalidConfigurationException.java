package io.cellsprobe.config;

import java.util.List;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Stops start-up. Quarkus prints only the message of a {@link ConfigurationException}, no stack
 * trace, so the operator sees the list of problems and nothing else.
 */
public class InvalidConfigurationException extends ConfigurationException {

    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("Invalid cells-probe configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
