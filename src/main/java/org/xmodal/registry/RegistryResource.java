package org.xmodal.registry;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.xmodal.access.AccessService;
import org.xmodal.access.Level;
import org.xmodal.access.Project;
import org.xmodal.access.Rule;
import org.xmodal.access.Target;
import org.xmodal.platform.XmodalException;
import org.xmodal.registry.RegistryResponses.DatasetResponse;
import org.xmodal.registry.RegistryResponses.ModelResponse;
import org.xmodal.registry.RegistryResponses.RegisterRequest;
import org.xmodal.registry.RegistryResponses.RegistrationStatus;

/** Registered models and datasets, each in a project and confined to that project's registry roots. */
@Path("/api")
public class RegistryResource {
    private final RegistryService registry;
    private final Registrations registrations;
    private final AccessService access;

    public RegistryResource(RegistryService registry, Registrations registrations, AccessService access) {
        this.registry = registry;
        this.registrations = registrations;
        this.access = access;
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

    /** 201 with the model, a 400/422 naming the field at fault, or 202 with a status location while hashing goes on. */
    @POST
    @Path("/models")
    @Rule(value = Level.SIGNED_IN_WRITE, audit = "model.register")
    @Blocking
    public Uni<Response> registerModel(@Valid @NotNull RegisterRequest request) {
        Project project = access.projectForWrite(request.project());
        PathGuard roots = roots(project);
        access.caller().auditTarget("model " + request.path());
        return registrations.run(() -> ModelResponse.of(registry.registerModel(request.path(), project.id, roots)),
                model -> UriBuilder.fromPath("/api/models/{name}").build(model.name()));
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

    /** As {@link #registerModel}, for a dataset folder. */
    @POST
    @Path("/datasets")
    @Rule(value = Level.SIGNED_IN_WRITE, audit = "dataset.register")
    @Blocking
    public Uni<Response> registerDataset(@Valid @NotNull RegisterRequest request) {
        Project project = access.projectForWrite(request.project());
        PathGuard roots = roots(project);
        access.caller().auditTarget("dataset " + request.path());
        return registrations.run(() -> DatasetResponse.of(registry.registerDataset(request.path(), project.id, roots)),
                dataset -> UriBuilder.fromPath("/api/datasets/{id}").build(dataset.id()));
    }

    /**
     * A registration answered 202: 202 while it runs, 303 to what it registered (which answers as its project allows),
     * or its problem. Ids are random and known to this node only.
     */
    @GET
    @Path("/registrations/{id}")
    @Rule(Level.SIGNED_IN)
    public Response registration(@PathParam("id") String id) {
        CompletableFuture<URI> created = registrations.status(id)
                .orElseThrow(() -> XmodalException.notFound("registration " + id));
        if (!created.isDone()) {
            return Response.accepted(new RegistrationStatus("running", "/api/registrations/" + id)).build();
        }
        try {
            return Response.seeOther(created.join()).build();
        } catch (CompletionException e) {
            throw e.getCause() instanceof XmodalException x ? x : e;
        }
    }

    private PathGuard roots(Project project) {
        return registry.guard(project.id);
    }
}
