package org.xmodal.sweep;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Set;
import org.xmodal.access.Level;
import org.xmodal.access.Rule;
import org.xmodal.access.Target;
import org.xmodal.platform.Page;
import org.xmodal.platform.PageRequest;
import org.xmodal.platform.QueryParams;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;

/** Sweeps: submit, follow, cancel, retry; and the cluster's queue and workers. */
@Path("/api")
public class SweepResource {
    private static final Set<String> STATES = Set.of(State.QUEUED, State.RUNNING, State.SUCCEEDED, State.FAILED, State.CANCELLED);
    private final SweepService sweeps;
    private final SweepSearch search;
    private final XmodalConfig config;

    public SweepResource(SweepService sweeps, SweepSearch search, XmodalConfig config) {
        this.sweeps = sweeps;
        this.search = search;
        this.config = config;
    }

    /** The history: filters are optional; {@code since}/{@code until} are dates (2026-11-27) or instants. */
    @GET
    @Path("/sweeps")
    @Rule(Level.SIGNED_IN)
    public Page<SweepSummary> list(@QueryParam("q") String q, @QueryParam("tag") String tag, @QueryParam("model") String model,
                                   @QueryParam("dataset") String dataset, @QueryParam("state") String state,
                                   @QueryParam("experiment") String experiment, @QueryParam("since") String since,
                                   @QueryParam("until") String until, @QueryParam("sort") String sort,
                                   @QueryParam("page") String page, @QueryParam("size") String size) {
        if (state != null && !state.isBlank() && !STATES.contains(state)) {
            throw XmodalException.invalidField("state", "expected one of " + STATES.stream().sorted().toList());
        }
        return search.search(q, tag, model, dataset, state, QueryParams.longNumber("experiment", experiment),
                instant("since", since), instant("until", until), sort, PageRequest.parse(page, size, 50, config.api().maxPageSize()));
    }

    @GET
    @Path("/sweeps/{id}")
    @Rule(value = Level.READ, target = Target.SWEEP)
    public SweepResponse get(@PathParam("id") long id) {
        return sweeps.get(id).orElseThrow(() -> XmodalException.notFound("sweep " + id));
    }

    @GET
    @Path("/sweeps/{id}/shards")
    @Rule(value = Level.READ, target = Target.SWEEP)
    public List<ShardResponse> shards(@PathParam("id") long id) {
        sweeps.get(id).orElseThrow(() -> XmodalException.notFound("sweep " + id));
        return sweeps.shards(id);
    }

    @POST
    @Path("/sweeps/{id}/cancel")
    @Rule(value = Level.WRITE, target = Target.SWEEP, audit = "sweep.cancel")
    public SweepResponse cancel(@PathParam("id") long id) {
        return sweeps.cancel(id).orElseThrow(() -> XmodalException.notFound("sweep " + id));
    }

    @POST
    @Path("/sweeps/{id}/retry")
    @Rule(value = Level.WRITE, target = Target.SWEEP, audit = "sweep.retry")
    public SweepResponse retry(@PathParam("id") long id) {
        return sweeps.retry(id).orElseThrow(() -> XmodalException.notFound("sweep " + id));
    }

    @GET
    @Path("/status")
    @Rule(Level.SIGNED_IN)
    public ClusterStatus status() {
        return sweeps.cluster();
    }

    private static java.time.Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw XmodalException.invalidField(field, "expected a date like 2026-11-27 or an instant like 2026-11-27T10:00:00Z");
        }
    }
}
