package org.xmodal.registry;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.nio.file.Paths;
import java.util.List;
import org.xmodal.access.AccessService;
import org.xmodal.access.Level;
import org.xmodal.access.Project;
import org.xmodal.access.ProjectService;
import org.xmodal.access.Rule;
import org.xmodal.access.Target;
import org.xmodal.platform.XmodalException;
import org.xmodal.registry.RegistryResponses.DatasetResponse;
import org.xmodal.registry.RegistryResponses.ModelResponse;
import org.xmodal.registry.RegistryResponses.RegisterRequest;

/** Registered models and datasets, each in a project and inside that project's registry roots. */
@Path("/api")
public class RegistryResource {
    private final RegistryService registry;
    private final AccessService access;
    private final ProjectService projects;

    public RegistryResource(RegistryService registry, AccessService access, ProjectService projects) {
        this.registry = registry;
        this.access = access;
        this.projects = projects;
    }

    @GET
    @Path("/models")
    @Rule(Level.SIGNED_IN)
    public List<ModelResponse> models() {
        return registry.models(access.readable()).stream().map(ModelResponse::of).toList();
    }

    @GET
    @Path("/models/{name}")
    @Rule(value = Level.READ, target = Target.MODEL, param = "name")
    @Transactional
    public ModelResponse model(@PathParam("name") String name) {
        return RegisteredModel.byName(name).map(ModelResponse::of)
                .orElseThrow(() -> XmodalException.notFound("model " + name));
    }

    @POST
    @Path("/models")
    @Rule(value = Level.SIGNED_IN_WRITE, audit = "model.register")
    public Response registerModel(@Valid @NotNull RegisterRequest request) {
        Project project = access.projectForWrite(request.project());
        RegisteredModel model = registry.registerModel(request.path(), project.id, guard(project));
        access.caller().auditTarget("model " + model.name);
        return Response.status(Response.Status.CREATED).entity(ModelResponse.of(model)).build();
    }

    @GET
    @Path("/datasets")
    @Rule(Level.SIGNED_IN)
    public List<DatasetResponse> datasets() {
        return registry.datasets(access.readable()).stream().map(DatasetResponse::of).toList();
    }

    @GET
    @Path("/datasets/{id}")
    @Rule(value = Level.READ, target = Target.DATASET)
    @Transactional
    public DatasetResponse dataset(@PathParam("id") long id) {
        RegisteredDataset d = RegisteredDataset.findById(id);
        if (d == null) {
            throw XmodalException.notFound("dataset " + id);
        }
        return DatasetResponse.of(d);
    }

    @POST
    @Path("/datasets")
    @Rule(value = Level.SIGNED_IN_WRITE, audit = "dataset.register")
    public Response registerDataset(@Valid @NotNull RegisterRequest request) {
        Project project = access.projectForWrite(request.project());
        RegisteredDataset dataset = registry.registerDataset(request.path(), project.id, guard(project));
        access.caller().auditTarget("dataset " + dataset.name + " (" + dataset.id + ")");
        return Response.status(Response.Status.CREATED).entity(DatasetResponse.of(dataset)).build();
    }

    private PathGuard guard(Project project) {
        return new PathGuard(projects.registryRoots(project.id).stream().map(Paths::get).toList());
    }
}
