package io.cellsprobe.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A secret read from a file, such as a Kubernetes Secret mounted as a volume. {@link #refresh()}
 * re-reads it when it changed, so a rotated secret is used without a restart; probes only read the
 * cached value.
 */
public final class SecretFile implements SecretSource {

    private final Path path;
    private volatile Secret value;
    private volatile FileTime lastModified;

    /** @throws IOException when the file cannot be read; the message names the path only */
    public SecretFile(Path path) throws IOException {
        this.path = path;
        refresh();
    }

    public Path path() {
        return path;
    }

    @Override
    public Secret current() {
        return value;
    }

    /** Re-reads the file when its modification time changed; true when the secret itself changed. */
    public synchronized boolean refresh() throws IOException {
        // Kubernetes swaps the mounted file through a symlink: follow it, compare the target's mtime.
        FileTime modified = Files.getLastModifiedTime(path);
        if (modified.equals(lastModified)) {
            return false;
        }
        Secret read = Secret.of(stripLineEnd(Files.readString(path, StandardCharsets.UTF_8)));
        lastModified = modified;
        boolean changed = value != null && !value.equals(read);
        value = read;
        return changed;
    }

    /** Files written by editors and `echo` end with a newline that is not part of the secret. */
    private static String stripLineEnd(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    @Override
    public String toString() {
        return "SecretFile[" + path + "]";
    }
}
