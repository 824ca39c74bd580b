package io.cellsprobe.cells;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import javax.net.ssl.KeyManagerFactory;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;

/**
 * A throw-away self-signed certificate for 127.0.0.1 (subject alternative name IP 127.0.0.1, so host
 * name verification passes as for a real server), made in memory for {@link ClientWarmUp}'s loopback
 * TLS server: it never leaves the process.
 *
 * <p>Why not a library: Netty's and Vert.x' self-signed certificates need BouncyCastle or the JDK's
 * internal {@code sun.security.x509}, closed on Java 17. The DER below is the few fields a TLS client
 * checks.
 */
record LoopbackCertificate(KeyPair keys, X509Certificate certificate) {

    /** The kinds of keys public servers present: the client verifies each one's signatures with other code. */
    enum KeyKind {
        RSA("RSA", "SHA256withRSA", new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 0x0b}),
        EC("EC", "SHA256withECDSA", new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 4, 3, 2});

        private final String keyAlgorithm;
        private final String signatureAlgorithm;
        private final byte[] signatureOid;

        KeyKind(String keyAlgorithm, String signatureAlgorithm, byte[] signatureOid) {
            this.keyAlgorithm = keyAlgorithm;
            this.signatureAlgorithm = signatureAlgorithm;
            this.signatureOid = signatureOid;
        }

        private KeyPair generate() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
            if (this == RSA) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        }

        /** AlgorithmIdentifier: RSA's carries an explicit NULL parameter, ECDSA's none (RFC 4055, RFC 5758). */
        private byte[] algorithmIdentifier() {
            return this == RSA ? sequence(oid(signatureOid), new byte[] {0x05, 0x00}) : sequence(oid(signatureOid));
        }
    }

    /** Protects nothing: the key store never leaves memory, PKCS12 only wants a password. */
    private static final char[] STORE_PASSWORD = "loopback".toCharArray();
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};
    private static final byte[] SUBJECT_ALT_NAME = {0x55, 0x1d, 0x11};
    private static final byte[] LOOPBACK_ADDRESS = {127, 0, 0, 1};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** @param validFor from now (valid since 5 minutes ago, against clock steps) */
    static LoopbackCertificate create(KeyKind kind, Duration validFor) throws GeneralSecurityException {
        KeyPair keys = kind.generate();
        Instant now = Instant.now();
        byte[] name = sequence(set(sequence(oid(COMMON_NAME), tlv(0x0c, "127.0.0.1".getBytes(StandardCharsets.US_ASCII)))));
        byte[] tbs = sequence(
                tlv(0xa0, tlv(0x02, new byte[] {2})), // version 3
                tlv(0x02, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
                kind.algorithmIdentifier(),
                name,
                sequence(utcTime(now.minus(Duration.ofMinutes(5))), utcTime(now.plus(validFor))),
                name,
                keys.getPublic().getEncoded(), // SubjectPublicKeyInfo, DER already
                tlv(0xa3, sequence(sequence(oid(SUBJECT_ALT_NAME),
                        tlv(0x04, sequence(tlv(0x87, LOOPBACK_ADDRESS)))))));
        Signature signer = Signature.getInstance(kind.signatureAlgorithm);
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bitString = new byte[signature.length + 1]; // leading 0: no unused bits
        System.arraycopy(signature, 0, bitString, 1, signature.length);
        byte[] der = sequence(tbs, kind.algorithmIdentifier(), tlv(0x03, bitString));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        return new LoopbackCertificate(keys, certificate);
    }

    /** A TLS server on 127.0.0.1, on a free port, presenting this certificate. */
    HttpServerOptions serverOptions() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("loopback", keys.getPrivate(), STORE_PASSWORD, new Certificate[] {certificate});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, STORE_PASSWORD);
        return new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
                .setKeyCertOptions(KeyCertOptions.wrap(factory));
    }

    private static byte[] utcTime(Instant instant) {
        return tlv(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(byte[] encoded) {
        return tlv(0x06, encoded);
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, parts);
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, parts);
    }

    /** One DER tag-length-value; lengths of 128 and more in the long form (at most 2 length bytes here). */
    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 4);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
