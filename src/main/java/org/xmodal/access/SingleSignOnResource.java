package org.xmodal.access;

import io.quarkus.oidc.IdToken;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Single sign-on: quarkus-oidc runs the authorization-code flow with the lab's provider for this one path; when it
 * returns, the provider's user becomes (or is matched to) an xmodal user and gets an xmodal browser session.
 */
@Path("/api/session/oidc")
public class SingleSignOnResource {
    @Inject
    @IdToken
    JsonWebToken idToken;

    private final SingleSignOnService users;
    private final SessionService sessions;
    private final AccessService access;
    private final SessionCookies cookies;

    public SingleSignOnResource(SingleSignOnService users, SessionService sessions, AccessService access, SessionCookies cookies) {
        this.users = users;
        this.sessions = sessions;
        this.access = access;
        this.cookies = cookies;
    }

    /** Sends the browser to the provider, and on its return opens a session and goes to the web UI. */
    @GET
    @Authenticated
    @Rule(value = Level.PUBLIC, audit = "login.sso")
    public Response signIn(@Context UriInfo uri) {
        if (!access.team()) {
            throw new XmodalException(ErrorCode.CONFLICT, "a personal node needs no sign-in");
        }
        User user = users.userFor(idToken.getIssuer(), idToken.getSubject(), idToken.getClaim("preferred_username"));
        access.caller().auditTarget("user " + user.username);
        SessionService.NewSession session = sessions.create(user, access.caller().address());
        return Response.seeOther(URI.create("/")).cookie(cookies.issue(session, uri)).build();
    }
}
