package io.cellsprobe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFileWithoutItsTrailingNewline() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "s3cret+%:\n");

        assertThat(new SecretFile(file).current().reveal()).isEqualTo("s3cret+%:");
    }

    @Test
    void rotatedFileIsPickedUpOnRefresh() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "old");
        SecretFile secret = new SecretFile(file);

        Files.writeString(file, "new");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(secret.refresh()).isTrue();
        assertThat(secret.current().reveal()).isEqualTo("new");
        assertThat(secret.refresh()).as("unchanged since").isFalse();
    }

    @Test
    void missingFileFailsWithItsPathOnly() {
        assertThatThrownBy(() -> new SecretFile(dir.resolve("absent"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void toStringNamesThePathNotTheValue() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "do-not-print-me");

        assertThat(new SecretFile(file).toString()).contains("password").doesNotContain("do-not-print-me");
    }
}
