package io.cellsprobe.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeRequest;
import io.cellsprobe.probe.ProbeResult;

/**
 * What one probe did, step by step, for {@code POST /targets/<name>/probe}: the verdict, and each
 * request with its answer (bodies cut to 512 bytes, every secret and token masked by the probe).
 *
 * @param stepSeconds the time of each phase that ran, {@code total} included
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeTrace(String target, String startedAt, String verdict, String reason, String phase, String detail,
        Map<String, Double> stepSeconds, List<Request> requests) {

    /**
     * @param status 0 when no answer came; then {@code noAnswer} says why
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String method, String path, int status, String contentType, double timeSeconds, String body,
            String noAnswer) {

        static Request of(ProbeRequest request) {
            return new Request(request.method(), request.path(), request.status(),
                    request.contentType().isEmpty() ? null : request.contentType(), seconds(request.time().toNanos()),
                    request.body().isEmpty() ? null : request.body(),
                    request.noAnswer().map(reason -> reason.label()).orElse(null));
        }
    }

    static ProbeTrace of(ProbeResult result) {
        ProbeFailure failure = result.failure().orElse(null);
        Map<String, Double> steps = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            if (result.durations().containsKey(phase)) {
                steps.put(phase.label(), seconds(result.durations().get(phase).toNanos()));
            }
        }
        return new ProbeTrace(result.target(), result.startedAt().toString(), result.success() ? "success" : "failure",
                failure == null ? null : failure.reason().label(), failure == null ? null : failure.phase().label(),
                failure == null ? null : failure.detail(), steps,
                result.requests().stream().map(Request::of).toList());
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e3) / 1e6;
    }
}
