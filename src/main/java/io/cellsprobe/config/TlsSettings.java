package io.cellsprobe.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS for one target.
 *
 * @param caFile a PEM bundle of trusted CAs, instead of the JVM's default trust store
 * @param insecure trust any certificate and skip host name checks: for tests only, warned about
 */
public record TlsSettings(Optional<Path> caFile, boolean insecure) {

    public static final TlsSettings DEFAULT = new TlsSettings(Optional.empty(), false);
}
