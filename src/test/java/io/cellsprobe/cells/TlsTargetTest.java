package io.cellsprobe.cells;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cellsprobe.config.Target;
import io.cellsprobe.config.TlsSettings;
import io.cellsprobe.probe.CellsLoginProbe;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.testing.CellsV1Server;
import io.cellsprobe.testing.TestTargets;
import io.vertx.core.Vertx;

/**
 * A Cells ({@link CellsV1Server}) behind HTTPS, with certificates made by the JDK's keytool for each
 * run: which chains the probe trusts per target, and the certificate expiry it records whatever the
 * verdict.
 */
class TlsTargetTest {

    private static final String STORE_PASSWORD = "tls-test-store-pass";
    private static final String SERVER_ALIAS = "server";
    private static final TlsSettings INSECURE = new TlsSettings(Optional.empty(), true);

    @TempDir
    static Path dir;
    /** The private CA's certificate, PEM, for {@code tls.ca-file}. */
    private static Path caPem;
    /** Self-signed, for 127.0.0.1: only trust fails. */
    private static Path selfSigned;
    /** Signed by the private CA, for 127.0.0.1, valid for a year (the CA itself for 200 days). */
    private static Path signed;
    /** Signed by the private CA, for 127.0.0.1, expired 29 days ago. */
    private static Path expired;
    /** Signed by the private CA, valid, but for another host name. */
    private static Path otherHost;

    private CellsV1Server cells;
    private Vertx vertx;
    private CellsClient client;
    private CellsLoginProbe probe;

    @BeforeAll
    static void generateCertificates() throws Exception {
        Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-keystore", ca.toString(), "-alias", "ca", "-dname", "CN=cells-probe test CA",
                "-ext", "bc:c", "-validity", "200");
        caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-keystore", ca.toString(), "-alias", "ca", "-file", caPem.toString());

        selfSigned = dir.resolve("self-signed.p12");
        keytool("-genkeypair", "-keystore", selfSigned.toString(), "-alias", SERVER_ALIAS, "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "90");

        signed = signedByCa(ca, "signed", "CN=127.0.0.1", "san=ip:127.0.0.1,dns:localhost", "-validity", "365");
        expired = signedByCa(ca, "expired", "CN=127.0.0.1", "san=ip:127.0.0.1", "-startdate", "-30d", "-validity", "1");
        otherHost = signedByCa(ca, "other-host", "CN=other.example", "san=dns:other.example", "-validity", "365");
    }

    /** A server key pair whose certificate the CA signs; the keystore holds the chain server, CA. */
    private static Path signedByCa(Path ca, String name, String dname, String san, String... validity)
            throws Exception {
        Path keystore = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path certificate = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-keystore", keystore.toString(), "-alias", SERVER_ALIAS, "-dname", dname);
        keytool("-certreq", "-keystore", keystore.toString(), "-alias", SERVER_ALIAS, "-file", request.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-keystore", ca.toString(), "-alias", "ca",
                "-infile", request.toString(), "-outfile", certificate.toString(), "-rfc", "-ext", san));
        gencert.addAll(Arrays.asList(validity));
        keytool(gencert.toArray(String[]::new));
        Path chain = dir.resolve(name + "-chain.pem");
        Files.writeString(chain, Files.readString(certificate) + Files.readString(caPem));
        keytool("-importcert", "-keystore", keystore.toString(), "-alias", SERVER_ALIAS, "-file", chain.toString());
        return keystore;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(Arrays.asList(args));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-storetype", "PKCS12"));
        }
        command.addAll(List.of("-storepass", STORE_PASSWORD, "-noprompt"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }

    /** The chain the server presents, read from its keystore. */
    private static List<X509Certificate> chainOf(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        Certificate[] chain = store.getCertificateChain(SERVER_ALIAS);
        assertThat(chain).as("chain in %s", keystore).isNotEmpty();
        return Arrays.stream(chain).map(X509Certificate.class::cast).toList();
    }

    private static Instant earliestNotAfter(Path keystore) throws Exception {
        return chainOf(keystore).stream().map(cert -> cert.getNotAfter().toInstant()).min(Instant::compareTo)
                .orElseThrow();
    }

    @BeforeEach
    void startClient() {
        vertx = Vertx.vertx();
        client = new CellsClient(vertx);
        probe = new CellsLoginProbe(client);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, SECONDS);
        if (cells != null) {
            cells.stop();
        }
    }

    /** A Cells that works, behind HTTPS with this keystore; the target reaches it at 127.0.0.1. */
    private Target cellsWith(Path keystore, TlsSettings tls) {
        cells = CellsV1Server.behindHttps(TestTargets.ACCOUNT, keystore, STORE_PASSWORD);
        return TestTargets.at(cells.httpsUrl()).timeout(Duration.ofSeconds(5))
                .interval(Duration.ofSeconds(10)).tls(tls).build();
    }

    private ProbeResult probe(Target target) throws Exception {
        return probe.run(target).toCompletionStage().toCompletableFuture().get(15, SECONDS);
    }

    private static TlsSettings trusting(Path caFile) {
        return new TlsSettings(Optional.of(caFile), false);
    }

    private ProbeFailure assertTlsFailure(ProbeResult result) {
        ProbeFailure failure = result.failure().orElseThrow(() -> new AssertionError("expected tls, got success"));
        assertThat(failure.reason()).as("reason (detail: %s)", failure.detail()).isEqualTo(FailureReason.TLS);
        assertThat(failure.phase()).isEqualTo(Phase.TOKEN);
        assertThat(result.httpStatus()).isEmpty();
        // the handshake failed: no request reached the server
        assertThat(cells.getAllServeEvents()).isEmpty();
        return failure;
    }

    @Test
    void selfSignedCertificateNotTrustedIsTls() throws Exception {
        Target target = cellsWith(selfSigned, TlsSettings.DEFAULT);

        ProbeResult result = probe(target);

        assertThat(assertTlsFailure(result).detail()).isEqualTo(
                "TLS handshake failed: the server's certificate is not trusted (signed by an unknown CA? set tls.ca-file)");
        // recorded before the verdict
        assertThat(result.certificateExpiresAt()).contains(earliestNotAfter(selfSigned));
        assertThat(client.certificateExpiry(target)).contains(earliestNotAfter(selfSigned));
    }

    @Test
    void privateCaTrustedThroughCaFileIsSuccess() throws Exception {
        Target target = cellsWith(signed, trusting(caPem));

        ProbeResult result = probe(target);

        assertThat(result.failure()).isEmpty();
        assertThat(result.httpStatus()).containsEntry(Phase.TOKEN, 200).containsEntry(Phase.USER, 200);
        // the CA expires before the server certificate: the chain's earliest notAfter is the CA's
        List<X509Certificate> chain = chainOf(signed);
        assertThat(chain).hasSize(2);
        Instant caExpiry = chain.get(1).getNotAfter().toInstant();
        assertThat(caExpiry).isBefore(chain.get(0).getNotAfter().toInstant());
        assertThat(result.certificateExpiresAt()).contains(caExpiry);
        assertThat(result.certificateExpiresAt()).contains(earliestNotAfter(signed));
    }

    @Test
    void preparedTargetIsProbedWithItsOwnTrust() throws Exception {
        Target target = cellsWith(signed, trusting(caPem));

        client.prepare(target);
        ProbeResult result = probe(target);

        assertThat(result.failure()).isEmpty();
        assertThat(client.certificateExpiry(target)).contains(earliestNotAfter(signed));
    }

    @Test
    void caFileThatIsNoCertificateIsReportedByTheProbeEvenWhenPrepared(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        Target target = cellsWith(signed, trusting(notPem));
        ProbeResult unprepared = probe(target);

        CellsClient preparedClient = new CellsClient(vertx);
        preparedClient.prepare(target);
        ProbeResult prepared = new CellsLoginProbe(preparedClient).run(target).toCompletionStage()
                .toCompletableFuture().get(15, SECONDS);

        assertThat(unprepared.failure()).isPresent();
        assertThat(prepared.failure()).as("the same classified failure, not an exception at start-up")
                .isEqualTo(unprepared.failure());
    }

    @Test
    void caFileOfAnotherCaDoesNotTrustSelfSignedCertificate() throws Exception {
        Target target = cellsWith(selfSigned, trusting(caPem));

        ProbeResult result = probe(target);

        assertTlsFailure(result);
        assertThat(result.certificateExpiresAt()).contains(earliestNotAfter(selfSigned));
    }

    @Test
    void expiredCertificateIsTlsAndShowsItsPastExpiry() throws Exception {
        Target target = cellsWith(expired, trusting(caPem));

        ProbeResult result = probe(target);

        assertThat(assertTlsFailure(result).detail()).isEqualTo("TLS handshake failed: the server's certificate has expired");
        Instant notAfter = chainOf(expired).get(0).getNotAfter().toInstant();
        assertThat(notAfter).isBefore(Instant.now().minus(Duration.ofDays(28)));
        assertThat(earliestNotAfter(expired)).isEqualTo(notAfter);
        assertThat(result.certificateExpiresAt()).contains(notAfter);
        assertThat(client.certificateExpiry(target)).contains(notAfter);
    }

    @Test
    void wrongHostNameIsTls() throws Exception {
        // trusted chain, valid dates, but issued for other.example and reached at 127.0.0.1
        Target target = cellsWith(otherHost, trusting(caPem));

        ProbeResult result = probe(target);

        assertThat(assertTlsFailure(result).detail()).startsWith(
                "TLS handshake failed: the server's certificate is not for this host (No subject alternative names");
        assertThat(result.certificateExpiresAt()).contains(earliestNotAfter(otherHost));
    }

    @Test
    void insecureAcceptsSelfSignedCertificate() throws Exception {
        Target target = cellsWith(selfSigned, INSECURE);

        ProbeResult result = probe(target);

        assertThat(result.failure()).isEmpty();
        assertThat(result.certificateExpiresAt()).contains(earliestNotAfter(selfSigned));
    }

    @Test
    void insecureSkipsHostNameCheck() throws Exception {
        Target target = cellsWith(otherHost, INSECURE);

        ProbeResult result = probe(target);

        assertThat(result.failure()).isEmpty();
        assertThat(result.certificateExpiresAt()).contains(earliestNotAfter(otherHost));
    }

    @Test
    void plainHttpTargetHasNoCertificateExpiry() throws Exception {
        cells = CellsV1Server.healthy(TestTargets.ACCOUNT);
        Target target = TestTargets.at(cells.url()).build();

        ProbeResult result = probe(target);

        assertThat(result.failure()).isEmpty();
        assertThat(result.certificateExpiresAt()).isEmpty();
        assertThat(client.certificateExpiry(target)).isEmpty();
    }
}
