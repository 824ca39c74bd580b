package io.cellsprobe.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every property of the mapping, so a new one cannot go unmentioned. */
class ConfigurationDocsTest {

    @Test
    void everyMappedPropertyIsDocumented() throws IOException {
        String docs = Files.readString(Path.of("docs/configuration.md"));

        // A list property also maps its indexed form (duration-buckets[*]): documented as the list.
        assertThat(MappedProperties.names().stream().filter(property -> !property.endsWith("[*]")))
                .isNotEmpty().allSatisfy(property -> assertThat(docs)
                .as("docs/configuration.md documents %s", property)
                .contains("`" + property.replace("*", "<name>") + "`"));
    }
}
