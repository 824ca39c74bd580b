package io.cellsprobe.config;

/**
 * Where a secret comes from: a fixed configuration value, or a file (a Kubernetes Secret mount)
 * that may be rotated while the monitor runs.
 */
public interface SecretSource {

    /** The value to use now; never does I/O, so it is safe on an event loop. */
    Secret current();

    static SecretSource fixed(Secret secret) {
        return new Fixed(secret);
    }

    record Fixed(Secret secret) implements SecretSource {
        @Override
        public Secret current() {
            return secret;
        }
    }
}
