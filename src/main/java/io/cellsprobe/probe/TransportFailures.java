package io.cellsprobe.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import io.cellsprobe.cells.ProbeDeadlineExceededException;
import io.cellsprobe.cells.ResponseTooLargeException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;

/**
 * Maps what the HTTP layer threw to a reason (anything it does not know is {@code internal}) and to
 * a detail for the operator: what happened and where, in words, not Java class names.
 */
final class TransportFailures {

    private static final Pattern QUOTED_HOST = Pattern.compile("'([^']+)'");

    private TransportFailures() {
    }

    /**
     * The failure in words: {@code connection refused by 127.0.0.1:1}, {@code no answer within the
     * 10 s probe timeout (token step had run 10.0 s)}. Only a bug of ours ({@code internal}) keeps its
     * class name, for whoever fixes it.
     *
     * @param stepRan how long the step that failed had run, when it had started
     */
    static String describe(Throwable error, FailureReason reason, Duration timeout, Phase phase,
            Optional<Duration> stepRan) {
        String message = String.valueOf(rootCause(error).getMessage());
        List<String> messages = messages(error);
        return switch (reason) {
            case TIMEOUT -> "no answer within the " + seconds(timeout) + " probe timeout"
                    + stepRan.map(ran -> " (" + phase.label() + " step had run " + String.format(Locale.ROOT,
                            "%.1f s", ran.toNanos() / 1e9) + ")").orElse("");
            case DNS -> messages.stream().flatMap(text -> host(text).stream()).findFirst().map(host -> "host name " + host + " does not resolve")
                    .orElse("host name does not resolve (" + message + ")");
            case TLS -> "TLS handshake failed: " + tls(error, message);
            case CONNECT -> connect(error, message, messages);
            case BAD_RESPONSE -> has(error, ResponseTooLargeException.class)
                    ? "the answer was larger than max-body-size (" + message.replaceAll("\\D+", "")
                            + " bytes); reading stopped"
                    : "the answer is not valid HTTP (" + message + ")";
            default -> error.getClass().getSimpleName() + ": " + error.getMessage();
        };
    }

    private static String connect(Throwable error, String message, List<String> messages) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("refused")) {
            // Netty names the address: "Connection refused: /127.0.0.1:1", "...: cells.example/10.0.0.1:443"
            return "connection refused" + messages.stream().filter(text -> text.contains("refused: ")).findFirst()
                    .map(text -> " by " + text.substring(text.indexOf("refused: ") + 9).replaceFirst("^/", ""))
                    .orElse("");
        }
        if (lower.contains("reset")) {
            return "connection reset by the server before a complete answer";
        }
        if (has(error, NoRouteToHostException.class)) {
            return "no route to host (" + message + ")";
        }
        if (has(error, HttpClosedException.class) || lower.contains("closed")) {
            return "the server closed the connection before a complete answer";
        }
        return "connection failed (" + message + ")";
    }

    private static String tls(Throwable error, String message) {
        if (has(error, CertificateExpiredException.class) || message.contains("validity check failed")) {
            return "the server's certificate has expired";
        }
        if (has(error, CertPathBuilderException.class) || message.contains("unable to find valid certification path")) {
            return "the server's certificate is not trusted (signed by an unknown CA? set tls.ca-file)";
        }
        if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
            return "the server's certificate is not for this host (" + message + ")";
        }
        if (message.contains("Unsupported or unrecognized SSL message") || message.contains("not an SSL/TLS record")) {
            return "the server does not speak TLS on this port (plain http?)";
        }
        return message;
    }

    /** The messages of the error and its causes, outermost first. */
    private static List<String> messages(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                messages.add(cause.getMessage());
            }
        }
        return messages;
    }

    /** The host a resolver failure names: Vert.x quotes it, the JDK puts it first. */
    private static Optional<String> host(String message) {
        Matcher quoted = QUOTED_HOST.matcher(message);
        if (quoted.find()) {
            return Optional.of(quoted.group(1));
        }
        int colon = message.indexOf(':');
        return colon > 0 && !message.substring(0, colon).contains(" ") ? Optional.of(message.substring(0, colon))
                : Optional.empty();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.3f s", duration.toMillis() / 1000.0).replaceAll("0+ s$", " s");
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    static FailureReason classify(Throwable error) {
        // The most specific cause wins: TLS failures arrive wrapped in decoder exceptions, DNS ones in
        // connect exceptions.
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            FailureReason reason = direct(cause);
            if (reason != null && reason != FailureReason.CONNECT && reason != FailureReason.BAD_RESPONSE) {
                return reason;
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            FailureReason reason = direct(cause);
            if (reason != null) {
                return reason;
            }
        }
        return FailureReason.INTERNAL;
    }

    private static FailureReason direct(Throwable error) {
        if (error instanceof ProbeDeadlineExceededException || error instanceof ConnectTimeoutException
                || error instanceof SocketTimeoutException || error instanceof TimeoutException) {
            return FailureReason.TIMEOUT;
        }
        if (error instanceof UnknownHostException || error instanceof UnresolvedAddressException) {
            return FailureReason.DNS;
        }
        if (error instanceof SSLException || error instanceof GeneralSecurityException) {
            return FailureReason.TLS;
        }
        if (error instanceof ResponseTooLargeException || error instanceof DecoderException) {
            return FailureReason.BAD_RESPONSE;
        }
        if (error instanceof ConnectException || error instanceof NoRouteToHostException
                || error instanceof HttpClosedException || error instanceof IOException
                || isConnectionClosed(error)) {
            return FailureReason.CONNECT;
        }
        return null;
    }

    private static boolean isConnectionClosed(Throwable error) {
        return error instanceof VertxException && error.getMessage() != null
                && error.getMessage().toLowerCase().contains("connection was closed");
    }
}
