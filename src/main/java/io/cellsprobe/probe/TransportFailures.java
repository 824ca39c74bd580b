package io.cellsprobe.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.cellsprobe.cells.ProbeDeadlineExceededException;
import io.cellsprobe.cells.ResponseTooLargeException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;

/** Maps what the HTTP layer threw to a reason; anything it does not know is {@code internal}. */
final class TransportFailures {

    private TransportFailures() {
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
