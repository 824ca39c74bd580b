package io.cellsprobe.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import io.cellsprobe.api.StatusResource;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.status.TargetStatuses;
import io.cellsprobe.testing.TestTargets;

/** The {@code cells} health data and {@code /status} describe a target with the same keys and JSON types. */
class HealthAndStatusShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Target TARGET = TestTargets.at("https://127.0.0.1:9").name("acc").build();
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("pending", List.of()),
                Arguments.of("up", List.of(success())),
                Arguments.of("failing after a success, backing off", List.of(success(), failure(FailureReason.CLIENT_REJECTED))),
                Arguments.of("suspended", Stream.generate(() -> failure(FailureReason.CREDENTIALS_REJECTED))
                        .limit(TARGET.lockout().maxCredentialAttempts()).toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void everyKeyHasTheSameJsonTypeInHealthDataAndStatus(String name, List<ProbeResult> results) {
        TargetStatuses statuses = new TargetStatuses(new Targets(List.of(TARGET)));
        results.forEach(statuses::record);
        TargetStatus status = statuses.get(TARGET.name());

        Map<String, JsonNodeType> health = types(
                JSON.valueToTree(CellsTargetChecks.check("cells-acc", status).getData().orElseThrow()));
        Map<String, JsonNodeType> api = types(JSON.valueToTree(new StatusResource(statuses).status()).get(0));

        assertThat(api.keySet()).as("every key describe() gives").isEqualTo(status.describe().keySet());
        assertThat(health).isEqualTo(api);
    }

    private static Map<String, JsonNodeType> types(JsonNode object) {
        Map<String, JsonNodeType> types = new TreeMap<>();
        object.fields().forEachRemaining(field -> types.put(field.getKey(), field.getValue().getNodeType()));
        return types;
    }

    private static ProbeResult success() {
        return result(Optional.empty());
    }

    private static ProbeResult failure(FailureReason reason) {
        return result(Optional.of(new ProbeFailure(Phase.TOKEN, reason, "answered 401",
                reason == FailureReason.CREDENTIALS_REJECTED)));
    }

    private static ProbeResult result(Optional<ProbeFailure> failure) {
        return new ProbeResult(TARGET.name(), NOW, failure, Map.of(Phase.TOKEN, Duration.ofMillis(20), Phase.TOTAL,
                Duration.ofMillis(123)), Map.of(Phase.TOKEN, failure.isPresent() ? 401 : 200), OptionalLong.of(599),
                Optional.of(NOW.plusSeconds(599)), Optional.empty(), Optional.empty(),
                Optional.of(NOW.plus(Duration.ofDays(90))), List.of());
    }
}
