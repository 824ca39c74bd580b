package io.cellsprobe.config;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.SmallRyeConfig;

/** The validated targets, built once at start-up; invalid configuration stops the application. */
public record Targets(List<Target> all) {

    @ApplicationScoped
    static class Producer {

        @Produces
        @Singleton
        Targets targets(CellsProbeConfig config) {
            boolean targetsRequired = LaunchMode.current() != LaunchMode.DEVELOPMENT;
            return new Targets(TargetsValidator.validate(config,
                    ConfigProvider.getConfig().unwrap(SmallRyeConfig.class), System.getenv(), targetsRequired));
        }
    }
}
