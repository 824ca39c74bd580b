package io.cellsprobe.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseHeader;

import io.cellsprobe.history.ProbeHistory;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.status.TargetStatus.State;
import io.cellsprobe.status.TargetStatuses;
import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;

/**
 * {@code GET /}: the status page for a person, server-rendered HTML that reloads itself. Like
 * {@code /status} it reads stored results only, so any number of open pages never triggers a login.
 */
@Path("/")
public class StatusPageResource {

    static final int REFRESH_SECONDS = 10;
    /** The order of targets and counts on the page: what needs a person first. */
    static final List<State> URGENCY = List.of(State.DOWN, State.SUSPENDED, State.PENDING, State.UP);

    /**
     * The template {@code templates/status-page.html}, parsed once as HTML: Qute escapes every value
     * rendered into it.
     */
    private static final Template TEMPLATE = Engine.builder().addDefaults()
            .addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .build()
            .parse(templateText(), Variant.forContentType(Variant.TEXT_HTML));

    record StatusPage(String title, List<TargetView> targets, List<StateCount> counts, String generatedAt,
            int refreshSeconds) {

        String render() {
            return TEMPLATE.data("title", title).data("targets", targets).data("counts", counts)
                    .data("generatedAt", generatedAt).data("refreshSeconds", refreshSeconds).render();
        }

        static StatusPage of(Collection<TargetStatus> statuses, ProbeHistory history, Instant now) {
            List<TargetView> targets = statuses.stream()
                    .map(status -> TargetView.of(status, history.lastHour(status.target().name(), now), now))
                    .sorted(Comparator.comparing((TargetView target) -> URGENCY.indexOf(target.state()))
                            .thenComparing(TargetView::name))
                    .toList();
            List<StateCount> counts = URGENCY.stream()
                    .map(state -> new StateCount(state, (int) targets.stream().filter(t -> t.state() == state).count()))
                    .filter(count -> count.count() > 0).toList();
            // The browser tab says whether anything is wrong without switching to it.
            String title = counts.stream().map(count -> count.count() + " " + count.state())
                    .collect(Collectors.joining(", ", "", " - Cells login probe"));
            return new StatusPage(title, targets, counts, TimeText.clock(now), REFRESH_SECONDS);
        }
    }

    public record StateCount(State state, int count) {
    }

    private final TargetStatuses statuses;
    private final ProbeHistory history;

    public StatusPageResource(TargetStatuses statuses, ProbeHistory history) {
        this.statuses = statuses;
        this.history = history;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    // The page runs no script and loads nothing: a policy that forbids both costs nothing and holds
    // even if a value ever escaped the template's escaping.
    @ResponseHeader(name = "Content-Security-Policy",
            value = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public String page() {
        return StatusPage.of(statuses.all(), history, Instant.now()).render();
    }

    private static String templateText() {
        try (InputStream template = StatusPageResource.class.getResourceAsStream("/templates/status-page.html")) {
            return new String(Objects.requireNonNull(template, "templates/status-page.html").readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
