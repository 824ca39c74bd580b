package io.cellsprobe.cells;

/** The answer grew past the body cap; reading stopped and the request was reset. */
public class ResponseTooLargeException extends RuntimeException {

    public ResponseTooLargeException(long maxBytes) {
        super("response body larger than " + maxBytes + " bytes", null, false, false);
    }
}
