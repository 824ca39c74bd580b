package io.cellsprobe.probe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

/**
 * Logs a bug of ours once per target and exception type, with its stack trace; the messages in
 * the trace are redacted because third-party exceptions may quote request data.
 */
final class InternalErrors {

    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private InternalErrors() {
    }

    static void logOnce(Logger log, String target, Throwable error, Redactor redactor) {
        if (LOGGED.add(target + "/" + error.getClass().getName())) {
            log.errorf(redactedCopy(error, redactor),
                    "Internal error while probing target %s (a bug of cells-auth-probe; logged once)", target);
        } else {
            log.debugf("Internal error again while probing target %s: %s", target, error.getClass().getName());
        }
    }

    private static Throwable redactedCopy(Throwable error, Redactor redactor) {
        Throwable cause = error.getCause() == null || error.getCause() == error ? null
                : redactedCopy(error.getCause(), redactor);
        Throwable copy = new RuntimeException(
                error.getClass().getName() + ": " + redactor.redact(error.getMessage()), cause);
        copy.setStackTrace(error.getStackTrace());
        return copy;
    }
}
