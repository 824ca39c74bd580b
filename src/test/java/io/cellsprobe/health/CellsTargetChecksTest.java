package io.cellsprobe.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.cellsprobe.config.Target;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.testing.TestResults;
import io.cellsprobe.testing.TestTargets;

class CellsTargetChecksTest {

    private final Target target = TestTargets.at("http://127.0.0.1:9").name("acc").build();

    @Test
    void suspendedTargetIsDownAndSaysHowToResume() {
        TargetStatus status = TargetStatus.initial(target);
        for (int i = 0; i < target.lockout().maxCredentialAttempts(); i++) {
            status = status.next(TestResults.refusedLogin(target, FailureReason.CREDENTIALS_REJECTED, Instant.now()));
        }

        HealthCheckResponse response = CellsTargetChecks.check("cells-acc", status);

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        Map<String, Object> data = response.getData().orElseThrow();
        assertThat(data).containsEntry("state", "SUSPENDED").containsEntry("reason", "credentials_rejected");
        assertThat(data.get("suspended").toString()).contains("rotate the password-file/api-secret-file or restart");
    }

    @Test
    void pendingTargetIsUp() {
        assertThat(CellsTargetChecks.check("cells-acc", TargetStatus.initial(target)).getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
    }
}
