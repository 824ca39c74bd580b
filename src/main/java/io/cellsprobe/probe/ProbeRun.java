package io.cellsprobe.probe;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.jboss.logging.Logger;

import io.cellsprobe.cells.CellsClient;
import io.cellsprobe.cells.CellsRequests;
import io.cellsprobe.cells.CellsResponse;
import io.cellsprobe.config.Flavor;
import io.cellsprobe.config.Secret;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.UserCheck;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * The state of one probe while it runs: which step is current, what each step took. Confined to
 * the event loop that runs the probe; it ends as one immutable {@link ProbeResult}.
 *
 * <p>The login is the flavor's {@link LoginFlow}, which runs its steps through this run
 * ({@link #step}); then {@code refresh} when asked for, and always {@code user}.
 *
 * <p>A refused login is not yet a wrong password: a Cells whose database is down refuses the right
 * one exactly like a wrong one. So the probe then asks for evidence that costs the account nothing
 * (the token of the last success on the user step, else Cells' anonymous bootconf, or the provider's
 * discovery document) and blames the password only when Cells serves those. While a refusal is
 * unresolved, the next run looks at the evidence first and sends no password while Cells looks broken.
 */
final class ProbeRun {

    private static final Logger LOG = Logger.getLogger(ProbeRun.class);

    private final Target target;
    private final LoginFlow flow;
    private final CellsClient client;
    private final Clock clock;
    private final Discoveries discoveries;
    private final HeldTokens heldTokens;
    private final Redactor redactor;
    private final Instant startedAt;
    private final long startNanos;
    private final long deadlineNanos;
    private final Map<Phase, Duration> durations = new EnumMap<>(Phase.class);
    private final Map<Phase, Integer> httpStatus = new EnumMap<>(Phase.class);
    /** Every request in order, bodies not yet redacted: redacted once the probe knows every token. */
    private final List<ProbeRequest> requests = new ArrayList<>();
    private Phase current;
    private Optional<Flavor> flavor = Optional.empty();
    private OptionalLong tokenLifetime = OptionalLong.empty();
    private Optional<Instant> tokenExpiresAt = Optional.empty();
    private Optional<Duration> retryAfter = Optional.empty();
    private boolean loginRefused;
    /** Asked at most once per run: a refused login right after a healthy look needs no second one. */
    private Optional<Evidence> evidence = Optional.empty();

    /** Whether Cells serves a request it should accept, asked without the password; {@code seen} for people. */
    private record Evidence(boolean cellsServes, String seen) {
    }

    ProbeRun(Target target, CellsClient client, Clock clock, Discoveries discoveries, HeldTokens heldTokens) {
        this.target = target;
        this.flow = LoginFlows.of(target.auth().flavor());
        this.client = client;
        this.clock = clock;
        this.discoveries = discoveries;
        this.heldTokens = heldTokens;
        this.redactor = new Redactor().add(target.apiSecret()).add(target.password())
                .add(CellsRequests.basicCredentials(target));
        target.auth().personalAccessToken().ifPresent(token -> redactor.add(token.current()));
        this.startedAt = clock.instant();
        this.startNanos = System.nanoTime();
        this.deadlineNanos = startNanos + target.timeout().toNanos();
        this.current = Phase.stepsFor(target.auth()).get(0);
    }

    /** @param unresolved the last refused login, while no success followed it: look before logging in */
    Future<ProbeResult> start(String nonce, Optional<Refusal> unresolved) {
        return unresolved.map(this::lookBeforeLogin).orElseGet(Future::succeededFuture)
                .compose(ignored -> judgedLogin(nonce))
                // A session login (auto on Cells v2+) has no refresh grant to exercise.
                .compose(login -> target.auth().refresh() && login.refreshable().isPresent()
                        ? PasswordGrant.refresh(this, login.refreshable().get(), nonce)
                        : Future.succeededFuture(login))
                .compose(login -> checkUser(login).map(login))
                .map(login -> {
                    hold(login);
                    return result(Optional.empty());
                })
                .recover(error -> Future.succeededFuture(failed(error)));
    }

    /** A failure thrown before any step could start (a bug of ours) still ends as a result. */
    ProbeResult failed(Throwable error) {
        discoveries.forget(target.name());
        if (error instanceof StepFailure step) {
            return result(Optional.of(new ProbeFailure(current, step.reason(), step.getMessage(), loginRefused)));
        }
        FailureReason reason = TransportFailures.classify(error);
        String detail = redactor.redact(TransportFailures.describe(error, reason, target.timeout(), current,
                Optional.ofNullable(durations.get(current))));
        if (reason == FailureReason.INTERNAL) {
            InternalErrors.logOnce(LOG, target.name(), error, redactor);
        }
        return result(Optional.of(new ProbeFailure(current, reason, abbreviate(detail), loginRefused)));
    }

    /**
     * Before a login after an unresolved refusal: while the evidence says Cells cannot serve, the
     * password stays home and the refusal is judged again. A locked account is judged by the last
     * token only (Cells' bootconf says nothing about an account); with none held, the login is the
     * cautious attempt the schedule waited for.
     */
    private Future<Void> lookBeforeLogin(Refusal unresolved) {
        boolean accountLocked = unresolved.reason() == FailureReason.ACCOUNT_LOCKED;
        return evidence(!accountLocked).compose(seen -> {
            if (seen.isEmpty() || seen.get().cellsServes()) {
                return Future.succeededFuture();
            }
            current = unresolved.phase();
            return Future.failedFuture(accountLocked
                    ? new StepFailure(FailureReason.ACCOUNT_LOCKED, "no login sent: the account was locked and "
                            + seen.get().seen())
                    : new StepFailure(FailureReason.BACKEND_UNAVAILABLE, "no login sent while Cells cannot serve: "
                            + seen.get().seen()));
        });
    }

    /** The login, with a refusal judged by the evidence: the password is blamed only when Cells serves. */
    private Future<Login> judgedLogin(String nonce) {
        return flow.login(this, nonce).recover(error -> {
            if (!(error instanceof StepFailure refused) || (current != Phase.TOKEN && current != Phase.SESSION)
                    || (refused.reason() != FailureReason.CREDENTIALS_REJECTED
                            && refused.reason() != FailureReason.ACCOUNT_LOCKED)) {
                return Future.failedFuture(error);
            }
            loginRefused = true;
            if (refused.reason() == FailureReason.ACCOUNT_LOCKED) {
                return Future.failedFuture(error);
            }
            return evidence(true).compose(seen -> {
                if (seen.isEmpty() || seen.get().cellsServes()) {
                    return Future.failedFuture(refused);
                }
                return Future.failedFuture(new StepFailure(FailureReason.BACKEND_UNAVAILABLE, refused.getMessage()
                        + ", but " + seen.get().seen() + ": Cells is failing (database, user or auth service), "
                        + "not the password"));
            });
        });
    }

    /**
     * Asks Cells, without the password, whether it serves requests it should accept: the token of the
     * last success on the user step's own request; else, when {@code anonymous}, Cells' bootconf (or
     * an OpenID provider's discovery document). Empty when there is nothing to ask.
     */
    private Future<Optional<Evidence>> evidence(boolean anonymous) {
        if (evidence.isPresent()) {
            return Future.succeededFuture(evidence);
        }
        Optional<HeldTokens.HeldToken> held = heldTokens.usable(target.name(), clock.instant(), target.timeout());
        Future<Evidence> asked;
        if (held.isPresent()) {
            Secret bearer = held.get().bearer();
            redactor.add(bearer);
            // Not timed as the user step: its histogram stays about real user steps.
            asked = send(HttpMethod.GET, held.get().checkUri(), CellsRequests.bearerHeaders(bearer),
                    null)
                    .map(response -> {
                        try {
                            checkUserAnswer(response);
                            return new Evidence(true, "the token of the last success is accepted");
                        } catch (StepFailure refused) {
                            return new Evidence(false, "the token of the last success is refused too ("
                                    + (response.status() == 200 ? refused.getMessage()
                                            : "user endpoint " + ErrorCodes.answered(response)) + ")");
                        }
                    });
        } else if (anonymous) {
            URI document = flow.anonymousEvidence(target);
            asked = send(HttpMethod.GET, document, CellsRequests.acceptJson(), null)
                    .map(response -> response.status() == 200 && response.isJson()
                            ? new Evidence(true, document.getPath() + " answers without credentials")
                            : new Evidence(false, document.getPath() + " (no credentials needed) "
                                    + ErrorCodes.answered(response)));
        } else {
            return Future.succeededFuture(Optional.empty());
        }
        return asked.otherwise(error -> new Evidence(false, "the evidence request failed ("
                + TransportFailures.classify(error).label() + ")"))
                .map(seen -> {
                    evidence = Optional.of(seen);
                    return evidence;
                });
    }

    /** The Bearer of a success is the evidence for the next refused login; kept only while its expiry is known. */
    private void hold(Login login) {
        tokenExpiresAt.ifPresent(expiry -> heldTokens.hold(target.name(),
                new HeldTokens.HeldToken(login.bearer(), expiry, userCheckUri())));
    }

    private Future<Void> checkUser(Login login) {
        return step(Phase.USER, HttpMethod.GET, userCheckUri(), CellsRequests.bearerHeaders(login.bearer()), null)
                .map(response -> {
                    checkUserAnswer(response);
                    return null;
                });
    }

    /** Cells' own record of the account, or the provider's userinfo with {@code user-check=userinfo}. */
    private URI userCheckUri() {
        return target.auth().userCheck() == UserCheck.USERINFO
                ? discovered().orElseThrow().requireUserinfo()
                : target.userUri();
    }

    private void checkUserAnswer(CellsResponse response) {
        if (target.auth().userCheck() == UserCheck.USERINFO) {
            UserAnswer.checkUserinfo(response, target.username());
        } else {
            UserAnswer.check(response, target.username());
        }
    }

    /**
     * Sends one request of this probe, within the whole probe's deadline, and keeps it for the trace:
     * what was asked, what came back.
     */
    private Future<CellsResponse> send(HttpMethod method, URI uri, MultiMap headers, Buffer body) {
        long sent = System.nanoTime();
        return client.send(target, method, uri, headers, body, deadlineNanos).onComplete(done -> {
            Duration time = Duration.ofNanos(System.nanoTime() - sent);
            if (done.succeeded()) {
                CellsResponse response = done.result();
                Buffer answer = response.body();
                String excerpt = answer.length() <= ProbeRequest.BODY_EXCERPT_BYTES ? answer.toString(StandardCharsets.UTF_8)
                        : answer.getBuffer(0, ProbeRequest.BODY_EXCERPT_BYTES).toString(StandardCharsets.UTF_8);
                requests.add(new ProbeRequest(method.name(), uri.getRawPath(), response.status(),
                        Objects.requireNonNullElse(response.contentType(), ""), time, excerpt, Optional.empty()));
            } else {
                requests.add(new ProbeRequest(method.name(), uri.getRawPath(), 0, "", time, "",
                        Optional.of(TransportFailures.classify(done.cause()))));
            }
        });
    }

    /** Sends one timed request of a step; a step that runs twice (auto's two discovery documents) adds up. */
    Future<CellsResponse> step(Phase phase, HttpMethod method, URI uri, MultiMap headers, Buffer body) {
        current = phase;
        long stepStart = System.nanoTime();
        return send(method, uri, headers, body).onComplete(done -> {
            durations.merge(phase, Duration.ofNanos(System.nanoTime() - stepStart), Duration::plus);
            if (done.succeeded()) {
                CellsResponse response = done.result();
                httpStatus.put(phase, response.status());
                if (response.status() == 429 || response.status() == 503) {
                    retryAfter = RetryAfter.parse(response.retryAfter(), clock.instant());
                }
            }
        });
    }

    Target target() {
        return target;
    }

    Instant now() {
        return clock.instant();
    }

    /** The flavor that logged in: auto's detected generation, else the target's own. */
    void using(Flavor used) {
        flavor = Optional.of(used);
    }

    /** A step that starts without a request (a personal access token is checked in the user step). */
    void enter(Phase phase) {
        current = phase;
    }

    /** A secret learnt during the probe (a token): masked in every detail and trace from now on. */
    void keepSecret(Secret secret) {
        redactor.add(secret);
    }

    void tokenIssued(Optional<Instant> expiresAt, OptionalLong lifetimeSeconds) {
        tokenExpiresAt = expiresAt;
        tokenLifetime = lifetimeSeconds;
    }

    /** What discovery found for this target in an earlier probe; forgotten after a failed one. */
    Optional<Discovery> discovered() {
        return discoveries.get(target.name());
    }

    Discovery remember(Discovery discovery) {
        discoveries.put(target.name(), discovery);
        return discovery;
    }

    private ProbeResult result(Optional<ProbeFailure> failure) {
        durations.put(Phase.TOTAL, Duration.ofNanos(System.nanoTime() - startNanos));
        return new ProbeResult(target.name(), startedAt, failure, durations, httpStatus, tokenLifetime,
                tokenExpiresAt, retryAfter, flavor, client.certificateExpiry(target), redactedRequests());
    }

    /** The trace with every secret this probe knows masked, and token-like values masked whatever they are. */
    private List<ProbeRequest> redactedRequests() {
        List<ProbeRequest> redacted = new ArrayList<>(requests.size());
        for (ProbeRequest request : requests) {
            redacted.add(request.body().isEmpty() ? request : new ProbeRequest(request.method(), request.path(),
                    request.status(), request.contentType(), request.time(),
                    redactor.redact(Redactor.maskTokenLikeValues(request.body())), request.noAnswer()));
        }
        return redacted;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
