package io.cellsprobe.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.cellsprobe.status.StatusData;
import io.cellsprobe.status.TargetStatuses;

/**
 * {@code GET /status}: what the monitor last saw of every target, for people and scripts. It reads
 * stored results only, so calling it never triggers a login against Cells. Each target is the same data,
 * with the same JSON types, as its check in the {@code cells} health group ({@link StatusData}).
 */
@Path("/status")
public class StatusResource {

    private final TargetStatuses statuses;

    public StatusResource(TargetStatuses statuses) {
        this.statuses = statuses;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> status() {
        return statuses.all().stream().map(StatusData::of).toList();
    }
}
