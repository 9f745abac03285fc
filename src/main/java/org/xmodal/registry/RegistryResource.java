package org.xmodal.registry;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.xmodal.platform.XmodalException;
import org.xmodal.registry.RegistryResponses.DatasetResponse;
import org.xmodal.registry.RegistryResponses.ModelResponse;
import org.xmodal.registry.RegistryResponses.RegisterRequest;

/** Registered models and datasets. */
@Path("/api")
public class RegistryResource {
    private final RegistryService registry;

    public RegistryResource(RegistryService registry) {
        this.registry = registry;
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

    @POST
    @Path("/models")
    public Response registerModel(@Valid @NotNull RegisterRequest request) {
        return Response.status(Response.Status.CREATED).entity(ModelResponse.of(registry.registerModel(request.path()))).build();
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

    @POST
    @Path("/datasets")
    public Response registerDataset(@Valid @NotNull RegisterRequest request) {
        return Response.status(Response.Status.CREATED).entity(DatasetResponse.of(registry.registerDataset(request.path()))).build();
    }
}
