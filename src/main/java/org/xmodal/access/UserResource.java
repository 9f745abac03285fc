package org.xmodal.access;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.xmodal.access.AccessApi.UserRequest;
import org.xmodal.access.AccessApi.UserResponse;
import org.xmodal.access.AccessApi.UserUpdate;
import org.xmodal.platform.XmodalException;

/** Users, for administrators. */
@Path("/api/users")
public class UserResource {
    private final UserService users;
    private final AccessService access;

    public UserResource(UserService users, AccessService access) {
        this.users = users;
        this.access = access;
    }

    @GET
    @Rule(Level.ADMIN)
    public List<UserResponse> list() {
        return users.list();
    }

    @POST
    @Rule(value = Level.ADMIN, audit = "user.create")
    public Response create(@Valid @NotNull UserRequest request) {
        access.caller().auditTarget("user " + request.username());
        UserResponse created = users.create(request.username(), request.displayName(), request.password(), Boolean.TRUE.equals(request.admin()));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    /** Changes a user's display name, password, administrator flag, or disables them (ending their sessions). */
    @PUT
    @Path("/{id}")
    @Rule(value = Level.ADMIN, audit = "user.update")
    public UserResponse update(@PathParam("id") long id, @Valid @NotNull UserUpdate update) {
        access.caller().auditTarget("user " + id);
        return users.update(id, update).orElseThrow(() -> XmodalException.notFound("user " + id));
    }
}
