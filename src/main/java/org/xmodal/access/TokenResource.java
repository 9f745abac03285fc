package org.xmodal.access;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.xmodal.access.AccessApi.TokenRequest;
import org.xmodal.access.AccessApi.TokenResponse;
import org.xmodal.platform.XmodalException;

/** API tokens for the CLI and scripts. */
@Path("/api/tokens")
public class TokenResource {
    private final TokenService tokens;

    public TokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @GET
    @Rule(Level.SIGNED_IN)
    public List<TokenResponse> list() {
        return tokens.mine();
    }

    /** Creates a token and shows it this once; only its hash is kept. */
    @POST
    @Rule(value = Level.SIGNED_IN_WRITE, audit = "token.create")
    public Response create(@Valid @NotNull TokenRequest request) {
        return Response.status(Response.Status.CREATED).entity(tokens.create(request)).build();
    }

    @POST
    @Path("/{id}/revoke")
    @Rule(value = Level.SIGNED_IN_WRITE, audit = "token.revoke")
    public TokenResponse revoke(@PathParam("id") long id) {
        return tokens.revoke(id).orElseThrow(() -> XmodalException.notFound("token " + id));
    }
}
