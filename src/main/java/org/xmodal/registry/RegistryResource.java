package org.xmodal.registry;

import io.smallrye.mutiny.Uni;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.xmodal.platform.XmodalException;
import org.xmodal.registry.RegistryResponses.DatasetResponse;
import org.xmodal.registry.RegistryResponses.ModelResponse;
import org.xmodal.registry.RegistryResponses.RegisterRequest;
import org.xmodal.registry.RegistryResponses.RegistrationStatus;

/** Registered models and datasets. */
@Path("/api")
public class RegistryResource {
    private final RegistryService registry;
    private final Registrations registrations;

    public RegistryResource(RegistryService registry, Registrations registrations) {
        this.registry = registry;
        this.registrations = registrations;
    }

    @GET
    @Path("/models")
    public List<ModelResponse> models() {
        return registry.models().stream().map(ModelResponse::of).toList();
    }

    @GET
    @Path("/models/{name}")
    @Transactional
    public ModelResponse model(@PathParam("name") String name) {
        return RegisteredModel.byName(name).map(ModelResponse::of)
                .orElseThrow(() -> XmodalException.notFound("model " + name));
    }

    /** 201 with the model, a 400/422 naming the field at fault, or 202 with a status location while hashing goes on. */
    @POST
    @Path("/models")
    public Uni<Response> registerModel(@Valid @NotNull RegisterRequest request) {
        return registrations.run(() -> ModelResponse.of(registry.registerModel(request.path())),
                model -> URI.create("/api/models/" + model.name()));
    }

    @GET
    @Path("/datasets")
    public List<DatasetResponse> datasets() {
        return registry.datasets().stream().map(DatasetResponse::of).toList();
    }

    @GET
    @Path("/datasets/{id}")
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
    public Uni<Response> registerDataset(@Valid @NotNull RegisterRequest request) {
        return registrations.run(() -> DatasetResponse.of(registry.registerDataset(request.path())),
                dataset -> URI.create("/api/datasets/" + dataset.id()));
    }

    /** A registration answered 202: 202 while it runs, 303 to what it registered, or its problem. Known to this node only. */
    @GET
    @Path("/registrations/{id}")
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
}
