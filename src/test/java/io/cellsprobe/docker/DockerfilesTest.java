package io.cellsprobe.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What can be checked of the Dockerfiles without a container engine: where they copy from, which
 * ports they expose and that they do not run as root.
 */
class DockerfilesTest {

    private static final Path DOCKER_DIR = Path.of("src", "main", "docker");

    @Test
    void jvmImageCopiesTheFourFastJarLayers() throws IOException {
        List<String> sources = copySources(instructions("Dockerfile.jvm"));

        assertThat(sources).allSatisfy(source -> assertThat(source).startsWith("target/quarkus-app/"));
        assertThat(sources).containsExactlyInAnyOrder("target/quarkus-app/lib/", "target/quarkus-app/*.jar",
                "target/quarkus-app/app/", "target/quarkus-app/quarkus/");
    }

    @Test
    void jvmImageRunsTheFastJarOnTheJava17Runtime() throws IOException {
        List<Instruction> instructions = instructions("Dockerfile.jvm");

        assertThat(argumentsOf(instructions, "FROM")).singleElement().asString()
                .startsWith("registry.access.redhat.com/ubi9/openjdk-17-runtime:");
        assertThat(argumentsOf(instructions, "ENV")).anySatisfy(env -> assertThat(env)
                .startsWith("JAVA_OPTS_APPEND=")
                .contains("-Dquarkus.http.host=0.0.0.0")
                .contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager")
                .contains("-XX:+ExitOnOutOfMemoryError"));
        assertThat(argumentsOf(instructions, "ENV")).contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
        assertThat(argumentsOf(instructions, "ENV")).contains("GC_CONTAINER_OPTIONS=\"-XX:+UseG1GC\"");
    }

    @Test
    void nativeImageCopiesOnlyTheNativeExecutable() throws IOException {
        List<Instruction> instructions = instructions("Dockerfile.native");

        assertThat(copySources(instructions)).containsExactly("target/*-runner");
        assertThat(argumentsOf(instructions, "FROM")).singleElement().asString()
                .startsWith("registry.access.redhat.com/ubi9/ubi-minimal:");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.native" })
    void exposesTheApplicationAndManagementPorts(String dockerfile) throws IOException {
        List<String> ports = argumentsOf(instructions(dockerfile), "EXPOSE").stream()
                .flatMap(arguments -> Arrays.stream(arguments.split("\\s+")))
                .toList();

        assertThat(ports).contains("8080", "9000");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.native" })
    void runsAsANonRootUser(String dockerfile) throws IOException {
        List<String> users = argumentsOf(instructions(dockerfile), "USER");

        assertThat(users).isNotEmpty();
        String effectiveUser = users.get(users.size() - 1).split(":")[0];
        assertThat(effectiveUser).matches("[1-9][0-9]*").isNotEqualTo("0");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.native" })
    void headerExplainsHowToConfigureAndWhereMetricsAre(String dockerfile) throws IOException {
        String header = Files.readAllLines(DOCKER_DIR.resolve(dockerfile)).stream()
                .takeWhile(line -> line.startsWith("#"))
                .reduce("", (all, line) -> all + line + "\n");

        assertThat(header).contains("docker build -f src/main/docker/" + dockerfile, "docker run",
                "CELLS_URL", "CELLS_API_KEY", "CELLS_API_SECRET", "CELLS_USERNAME", "CELLS_PASSWORD",
                "9000", "/q/metrics", "/q/health");
    }

    private record Instruction(String keyword, String arguments) {
    }

    /** Instructions with continuation lines joined and comments dropped. */
    private static List<Instruction> instructions(String dockerfile) throws IOException {
        Path path = DOCKER_DIR.resolve(dockerfile);
        assertThat(path).as(dockerfile).isRegularFile();
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(path)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] keywordAndArguments = current.toString().split("\\s+", 2);
            instructions.add(new Instruction(keywordAndArguments[0].toUpperCase(Locale.ROOT),
                    keywordAndArguments.length > 1 ? keywordAndArguments[1].strip() : ""));
            current.setLength(0);
        }
        return instructions;
    }

    private static List<String> argumentsOf(List<Instruction> instructions, String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    /** Every path a COPY takes from the build context: all words but the options and the destination. */
    private static List<String> copySources(List<Instruction> instructions) {
        List<String> sources = new ArrayList<>();
        for (String arguments : argumentsOf(instructions, "COPY")) {
            List<String> words = Arrays.stream(arguments.split("\\s+")).filter(w -> !w.startsWith("--")).toList();
            assertThat(words).as("COPY " + arguments).hasSizeGreaterThanOrEqualTo(2);
            sources.addAll(words.subList(0, words.size() - 1));
        }
        assertThat(sources).as("COPY sources").isNotEmpty();
        return sources;
    }
}
