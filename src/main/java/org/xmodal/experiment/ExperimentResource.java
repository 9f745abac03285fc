package org.xmodal.experiment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.xmodal.access.Level;
import org.xmodal.access.Rule;
import org.xmodal.access.Target;
import org.xmodal.platform.Page;
import org.xmodal.platform.PageRequest;
import org.xmodal.platform.QueryParams;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;
import org.xmodal.sweep.SweepResponse;
import org.xmodal.sweep.SweepService;

/** Experiments: create, read, list and search, edit (a new version), archive. */
@Path("/api/experiments")
public class ExperimentResource {
    private final ExperimentService experiments;
    private final SweepService sweeps;
    private final XmodalConfig config;

    public ExperimentResource(ExperimentService experiments, SweepService sweeps, XmodalConfig config) {
        this.experiments = experiments;
        this.sweeps = sweeps;
        this.config = config;
    }

    @POST
    @Rule(value = Level.SIGNED_IN_WRITE, audit = "experiment.create")
    public Response create(@Valid @NotNull ExperimentRequest request) {
        ExperimentResponse created = experiments.create(request);
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Rule(Level.SIGNED_IN)
    public Page<ExperimentResponse> search(@QueryParam("q") String q, @QueryParam("tag") String tag,
                                           @QueryParam("model") String model, @QueryParam("dataset") String dataset,
                                           @QueryParam("archived") String archived,
                                           @QueryParam("page") String page, @QueryParam("size") String size) {
        return experiments.search(q, tag, model, dataset, QueryParams.flag("archived", archived, false),
                PageRequest.parse(page, size, 50, config.api().maxPageSize()));
    }

    @GET
    @Path("/{id}")
    @Rule(value = Level.READ, target = Target.EXPERIMENT)
    public ExperimentResponse get(@PathParam("id") long id, @QueryParam("version") String versionParam) {
        Integer version = QueryParams.wholeNumber("version", versionParam);
        return experiments.get(id, version).orElseThrow(() -> XmodalException.notFound(
                version == null ? "experiment " + id : "version " + version + " of experiment " + id));
    }

    @PUT
    @Path("/{id}")
    @Rule(value = Level.WRITE, target = Target.EXPERIMENT, audit = "experiment.update")
    public ExperimentResponse update(@PathParam("id") long id, @Valid @NotNull ExperimentRequest request) {
        return experiments.update(id, request).orElseThrow(() -> XmodalException.notFound("experiment " + id));
    }

    @POST
    @Path("/{id}/archive")
    @Rule(value = Level.WRITE, target = Target.EXPERIMENT, audit = "experiment.archive")
    public ExperimentResponse archive(@PathParam("id") long id) {
        return experiments.setArchived(id, true).orElseThrow(() -> XmodalException.notFound("experiment " + id));
    }

    @POST
    @Path("/{id}/unarchive")
    @Rule(value = Level.WRITE, target = Target.EXPERIMENT, audit = "experiment.unarchive")
    public ExperimentResponse unarchive(@PathParam("id") long id) {
        return experiments.setArchived(id, false).orElseThrow(() -> XmodalException.notFound("experiment " + id));
    }

    /** Starts a sweep of the experiment's latest version, or of {@code version}. */
    @POST
    @Path("/{id}/sweeps")
    @Rule(value = Level.WRITE, target = Target.EXPERIMENT, audit = "sweep.submit")
    public Response submit(@PathParam("id") long id, @QueryParam("version") String version) {
        SweepResponse sweep = sweeps.submit(id, QueryParams.wholeNumber("version", version)).orElseThrow(() -> XmodalException.notFound("experiment " + id));
        return Response.accepted(sweep).build();
    }
}
