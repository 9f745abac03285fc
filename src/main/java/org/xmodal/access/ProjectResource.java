package org.xmodal.access;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.xmodal.access.AccessApi.MemberRequest;
import org.xmodal.access.AccessApi.MemberResponse;
import org.xmodal.access.AccessApi.ProjectRequest;
import org.xmodal.access.AccessApi.ProjectResponse;
import org.xmodal.access.AccessApi.ProjectUpdate;
import org.xmodal.platform.XmodalException;

/** Projects, the unit of sharing, and their members' roles. */
@Path("/api/projects")
public class ProjectResource {
    private final ProjectService projects;

    public ProjectResource(ProjectService projects) {
        this.projects = projects;
    }

    /** The projects the caller may read, with the caller's role in each. */
    @GET
    @Rule(Level.SIGNED_IN)
    public List<ProjectResponse> list() {
        return projects.readable();
    }

    @POST
    @Rule(value = Level.ADMIN, audit = "project.create")
    public Response create(@Valid @NotNull ProjectRequest request) {
        return Response.status(Response.Status.CREATED).entity(projects.create(request)).build();
    }

    @GET
    @Path("/{id}")
    @Rule(value = Level.READ, target = Target.PROJECT)
    public ProjectResponse get(@PathParam("id") long id) {
        return projects.get(id).orElseThrow(() -> XmodalException.notFound("project " + id));
    }

    @PUT
    @Path("/{id}")
    @Rule(value = Level.OWN, target = Target.PROJECT, audit = "project.update")
    public ProjectResponse update(@PathParam("id") long id, @Valid @NotNull ProjectUpdate update) {
        return projects.update(id, update).orElseThrow(() -> XmodalException.notFound("project " + id));
    }

    @GET
    @Path("/{id}/members")
    @Rule(value = Level.READ, target = Target.PROJECT)
    public List<MemberResponse> members(@PathParam("id") long id) {
        return projects.members(id);
    }

    /** Adds a member or changes their role. */
    @PUT
    @Path("/{id}/members/{username}")
    @Rule(value = Level.OWN, target = Target.PROJECT, audit = "member.set")
    public MemberResponse setMember(@PathParam("id") long id, @PathParam("username") String username,
                                    @Valid @NotNull MemberRequest request) {
        return projects.setMember(id, username, Role.parse(request.role()));
    }

    @DELETE
    @Path("/{id}/members/{username}")
    @Rule(value = Level.OWN, target = Target.PROJECT, audit = "member.remove")
    public Response removeMember(@PathParam("id") long id, @PathParam("username") String username) {
        if (!projects.removeMember(id, username)) {
            throw XmodalException.notFound("member " + username + " of project " + id);
        }
        return Response.noContent().build();
    }
}
