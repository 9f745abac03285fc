package org.xmodal.sweep;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Set;
import org.xmodal.platform.Page;
import org.xmodal.platform.PageRequest;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;

/** Sweeps: submit, follow, cancel, retry; and the cluster's queue and workers. */
@Path("/api")
public class SweepResource {
    private static final Set<String> STATES = Set.of(State.QUEUED, State.RUNNING, State.SUCCEEDED, State.FAILED, State.CANCELLED);
    private final SweepService sweeps;
    private final XmodalConfig config;

    public SweepResource(SweepService sweeps, XmodalConfig config) {
        this.sweeps = sweeps;
        this.config = config;
    }

    @GET
    @Path("/sweeps")
    public Page<SweepResponse> list(@QueryParam("experiment") Long experimentId, @QueryParam("state") String state,
                                    @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        if (state != null && !STATES.contains(state)) {
            throw XmodalException.invalidField("state", "expected one of " + STATES.stream().sorted().toList());
        }
        return sweeps.list(experimentId, state, PageRequest.of(page, size, 50, config.api().maxPageSize()));
    }

    @GET
    @Path("/sweeps/{id}")
    public SweepResponse get(@PathParam("id") long id) {
        return sweeps.get(id).orElseThrow(() -> XmodalException.notFound("sweep " + id));
    }

    @GET
    @Path("/sweeps/{id}/shards")
    public List<ShardResponse> shards(@PathParam("id") long id) {
        sweeps.get(id).orElseThrow(() -> XmodalException.notFound("sweep " + id));
        return sweeps.shards(id);
    }

    @POST
    @Path("/sweeps/{id}/cancel")
    public SweepResponse cancel(@PathParam("id") long id) {
        return sweeps.cancel(id).orElseThrow(() -> XmodalException.notFound("sweep " + id));
    }

    @POST
    @Path("/sweeps/{id}/retry")
    public SweepResponse retry(@PathParam("id") long id) {
        return sweeps.retry(id).orElseThrow(() -> XmodalException.notFound("sweep " + id));
    }

    @GET
    @Path("/status")
    public ClusterStatus status() {
        return sweeps.cluster();
    }
}
