package io.cellsprobe.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.cells.CellsRequests;
import io.cellsprobe.cells.CellsResponse;
import io.cellsprobe.config.Target;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/**
 * The state of one probe while it runs: which step is current, what each step took. Confined to
 * the event loop that runs the probe; it ends as one immutable {@link ProbeResult}.
 */
final class ProbeRun {

    private static final Logger LOG = Logger.getLogger(ProbeRun.class);

    private final Target target;
    private final CellsClient client;
    private final Clock clock;
    private final Redactor redactor;
    private final Instant startedAt;
    private final long startNanos;
    private final long deadlineNanos;
    private final Map<Phase, Duration> durations = new EnumMap<>(Phase.class);
    private final Map<Phase, Integer> httpStatus = new EnumMap<>(Phase.class);
    private Phase current = Phase.TOKEN;
    private OptionalLong tokenLifetime = OptionalLong.empty();
    private Optional<Instant> tokenExpiresAt = Optional.empty();
    private Optional<Duration> retryAfter = Optional.empty();

    ProbeRun(Target target, CellsClient client, Clock clock) {
        this.target = target;
        this.client = client;
        this.clock = clock;
        this.redactor = new Redactor().add(target.apiSecret()).add(target.password());
        this.startedAt = clock.instant();
        this.startNanos = System.nanoTime();
        this.deadlineNanos = startNanos + target.timeout().toNanos();
    }

    Future<ProbeResult> start(String nonce) {
        return step(Phase.TOKEN, () -> client.send(HttpMethod.POST, target.tokenUri(),
                CellsRequests.tokenHeaders(target), CellsRequests.tokenForm(target, nonce), deadlineNanos))
                .map(response -> acceptToken(TokenAnswer.interpret(response), nonce))
                .compose(answer -> step(Phase.USER, () -> client.send(HttpMethod.GET, target.userUri(),
                        CellsRequests.userHeaders(answer.idToken()), null, deadlineNanos)))
                .map(response -> {
                    UserAnswer.check(response, target.username());
                    return result(Optional.empty());
                })
                .recover(error -> Future.succeededFuture(failed(error)));
    }

    /** A failure thrown before any step could start (a bug of ours) still ends as a result. */
    ProbeResult failed(Throwable error) {
        if (error instanceof StepFailure step) {
            return result(Optional.of(new ProbeFailure(current, step.reason(), step.getMessage())));
        }
        FailureReason reason = TransportFailures.classify(error);
        String detail = redactor.redact(error.getClass().getSimpleName() + ": " + error.getMessage());
        if (reason == FailureReason.INTERNAL) {
            InternalErrors.logOnce(LOG, target.name(), error, redactor);
        }
        return result(Optional.of(new ProbeFailure(current, reason, abbreviate(detail))));
    }

    private TokenAnswer acceptToken(TokenAnswer answer, String nonce) {
        redactor.add(answer.idToken());
        tokenLifetime = answer.expiresInSeconds();
        tokenExpiresAt = Optional.of(answer.claims().expiresAt());
        answer.validate(nonce, clock.instant());
        return answer;
    }

    private Future<CellsResponse> step(Phase phase, Supplier<Future<CellsResponse>> call) {
        current = phase;
        long stepStart = System.nanoTime();
        return call.get().onComplete(done -> {
            durations.put(phase, Duration.ofNanos(System.nanoTime() - stepStart));
            if (done.succeeded()) {
                CellsResponse response = done.result();
                httpStatus.put(phase, response.status());
                if (response.status() == 429 || response.status() == 503) {
                    retryAfter = RetryAfter.parse(response.retryAfter(), clock.instant());
                }
            }
        });
    }

    private ProbeResult result(Optional<ProbeFailure> failure) {
        durations.put(Phase.TOTAL, Duration.ofNanos(System.nanoTime() - startNanos));
        return new ProbeResult(target.name(), startedAt, failure, durations, httpStatus, tokenLifetime,
                tokenExpiresAt, retryAfter);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
