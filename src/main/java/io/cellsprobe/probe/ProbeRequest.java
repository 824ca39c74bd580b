package io.cellsprobe.probe;

import java.time.Duration;
import java.util.Optional;

/**
 * One request a probe made, for the probe-now trace: what was asked and what came back. Holds no
 * secret: the body is cut to {@link #BODY_EXCERPT_BYTES} and redacted when the probe ends.
 *
 * @param path the request's path, no query
 * @param status the answer's status, 0 when no answer came
 * @param contentType the answer's content type, empty when none
 * @param body the first bytes of the answer, every known secret and token-like value masked
 * @param noAnswer why no answer came (connect, timeout, ...), when none did
 */
public record ProbeRequest(String method, String path, int status, String contentType, Duration time, String body,
        Optional<FailureReason> noAnswer) {

    public static final int BODY_EXCERPT_BYTES = 512;
}
