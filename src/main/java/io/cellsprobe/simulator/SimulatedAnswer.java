package io.cellsprobe.simulator;

import java.time.Duration;

/** One HTTP answer of the simulated Cells, to be sent after {@code delay}. */
public record SimulatedAnswer(int status, String contentType, String body, Duration delay) {

    /** Go's http.Error sets this type; Cells answers its plain-text errors with it. */
    static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    static final String APPLICATION_JSON = "application/json";
    static final String TEXT_HTML = "text/html; charset=utf-8";

    static SimulatedAnswer json(int status, String body) {
        return new SimulatedAnswer(status, APPLICATION_JSON, body, Duration.ZERO);
    }

    static SimulatedAnswer text(int status, String body) {
        return new SimulatedAnswer(status, TEXT_PLAIN, body, Duration.ZERO);
    }

    static SimulatedAnswer html(int status, String body) {
        return new SimulatedAnswer(status, TEXT_HTML, body, Duration.ZERO);
    }

    SimulatedAnswer delayedBy(Duration newDelay) {
        return new SimulatedAnswer(status, contentType, body, newDelay);
    }
}
