package io.cellsprobe.cells;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import io.cellsprobe.config.TlsSettings;

/** Builds the trust manager a target's TLS settings ask for. */
final class TargetTrust {

    private TargetTrust() {
    }

    static CertificateRecordingTrustManager recording(TlsSettings tls) {
        if (tls.insecure()) {
            return new CertificateRecordingTrustManager(new TrustAllTrustManager());
        }
        try {
            return trusting(tls.caFile().isPresent() ? keyStore(tls.caFile().get()) : null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the trusted CAs of " + tls.caFile().orElse(null), e);
        }
    }

    /** @param anchors the certificates to trust; null for the JVM's trust store */
    static CertificateRecordingTrustManager trusting(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        X509ExtendedTrustManager delegate = Arrays.stream(factory.getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance)
                .map(X509ExtendedTrustManager.class::cast)
                .findFirst().orElseThrow(() -> new IllegalStateException("no X.509 trust manager in this JVM"));
        return new CertificateRecordingTrustManager(delegate);
    }

    private static KeyStore keyStore(Path pemBundle) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pemBundle)) {
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            if (index == 0) {
                throw new GeneralSecurityException("no certificate in " + pemBundle);
            }
        }
        return store;
    }
}
