package io.cellsprobe.api;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.status.TargetStatuses;
import io.cellsprobe.schedule.ProbeOnRequestRefused;
import io.cellsprobe.schedule.ProbeScheduler;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /targets/<name>/probe}: "what exactly happens right now?" Runs one probe (or joins the
 * one running) and answers its trace. It can never spend a password attempt the schedule would not:
 * refused (409) while the target is suspended or backing off, at most one a interval (429 otherwise),
 * and it takes the next scheduled probe's place.
 */
@Path("/targets/{name}/probe")
public class ProbeNowResource {

    private final TargetStatuses statuses;
    private final ProbeScheduler scheduler;

    public ProbeNowResource(TargetStatuses statuses, ProbeScheduler scheduler) {
        this.statuses = statuses;
        this.scheduler = scheduler;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Object>> probe(@PathParam("name") String name) {
        TargetStatus status = statuses.get(name);
        if (status == null) {
            return Uni.createFrom().item(RestResponse.status(RestResponse.Status.NOT_FOUND,
                    Map.of("error", "no target named " + name)));
        }
        Optional<String> refusal = refusal(status);
        if (refusal.isPresent()) {
            return Uni.createFrom().item(RestResponse.status(RestResponse.Status.CONFLICT,
                    Map.of("error", refusal.get(), "state", status.state().name())));
        }
        return Uni.createFrom().completionStage(scheduler.probeNow(name).orElseThrow().toCompletionStage())
                .map(result -> RestResponse.<Object> ok(ProbeTrace.of(result)))
                .onFailure(ProbeOnRequestRefused.class).recoverWithItem(tooSoon -> RestResponse.ResponseBuilder
                        .<Object> create(RestResponse.Status.TOO_MANY_REQUESTS,
                                Map.of("error", tooSoon.getMessage()))
                        .header("Retry-After", Math.max(1, ((ProbeOnRequestRefused) tooSoon).retryAfter().toSeconds()))
                        .build());
    }

    /** Why a probe now could cost the account, or go against what the server asked: then none runs. */
    static Optional<String> refusal(TargetStatus status) {
        if (status.backoff().suspended()) {
            return Optional.of("the target is suspended, a probe now could spend a password attempt: "
                    + status.whatToDo());
        }
        if (!status.backoff().onNormalSchedule()) {
            return Optional.of("the target is backing off"
                    + status.last().flatMap(result -> result.failure()).map(f -> " after " + f.reason().label())
                            .orElse("")
                    + status.nextAttempt().map(time -> " until " + time).orElse("")
                    + ": a probe now would not wait as the schedule does");
        }
        return Optional.empty();
    }
}
