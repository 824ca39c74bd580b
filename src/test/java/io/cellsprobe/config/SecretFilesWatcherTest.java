package io.cellsprobe.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cellsprobe.testing.TestTargets;

/** Every secret file of a target is watched: a rotated one resumes the target. */
class SecretFilesWatcherTest {

    @TempDir
    Path dir;

    private final List<String> changed = new ArrayList<>();

    @Test
    void rotatedPersonalAccessTokenFileIsPickedUp() throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token"), "pat-before-rotation-7Kq2");
        SecretFile token = new SecretFile(tokenFile);
        Target target = TestTargets.at("http://127.0.0.1:9").name("pat").auth(new AuthSettings(
                Flavor.PERSONAL_ACCESS_TOKEN, Optional.empty(), UserCheck.CELLS, AuthSettings.DEFAULT_SESSION_PATH,
                Optional.of(token), false)).build();
        SecretFilesWatcher watcher = new SecretFilesWatcher(new Targets(List.of(target)), recording());

        watcher.refresh();
        assertThat(changed).as("nothing rotated yet").isEmpty();
        Files.writeString(tokenFile, "pat-after-rotation-9Lm4");
        Files.setLastModifiedTime(tokenFile, FileTime.from(Instant.now().plusSeconds(5)));
        watcher.refresh();

        assertThat(changed).containsExactly("pat");
        assertThat(target.auth().personalAccessToken().orElseThrow().current().reveal())
                .isEqualTo("pat-after-rotation-9Lm4");
    }

    @Test
    void everySecretOfATargetIsASource() throws IOException {
        SecretFile password = new SecretFile(Files.writeString(dir.resolve("password"), "pw"));
        Target target = TestTargets.at("http://127.0.0.1:9").password(password).build();

        assertThat(target.secretSources()).hasSize(2).contains(password);
    }

    /** The CDI event, reduced to what the watcher does with it. */
    private Event<CredentialsChanged> recording() {
        return new Event<>() {
            @Override
            public void fire(CredentialsChanged event) {
                changed.add(event.target());
            }

            @Override
            public <U extends CredentialsChanged> CompletionStage<U> fireAsync(U event) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <U extends CredentialsChanged> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Event<CredentialsChanged> select(Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <U extends CredentialsChanged> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <U extends CredentialsChanged> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
