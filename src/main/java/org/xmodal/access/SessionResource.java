package org.xmodal.access;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.xmodal.access.AccessApi.LoginRequest;
import org.xmodal.access.AccessApi.SessionResponse;

/** The browser's session: who am I, sign in with a password, sign out. */
@Path("/api/session")
public class SessionResource {
    private final SessionService sessions;
    private final AccessService access;
    private final SessionCookies cookies;

    public SessionResource(SessionService sessions, AccessService access, SessionCookies cookies) {
        this.sessions = sessions;
        this.access = access;
        this.cookies = cookies;
    }

    /** The caller, the node's mode (personal or team) and, for a browser session, its CSRF token. */
    @GET
    @Rule(Level.PUBLIC)
    public SessionResponse get(@CookieParam(AccessFilter.SESSION_COOKIE) String cookie) {
        Caller caller = access.caller();
        return sessions.describe(caller, caller.via() == Caller.Via.SESSION ? SessionService.csrfOf(cookie) : null);
    }

    /** Signs in with a user name and password; answers with an HttpOnly, SameSite=Strict session cookie. */
    @POST
    @Rule(Level.PUBLIC)
    public Response login(@Valid @NotNull LoginRequest request, @Context UriInfo uri) {
        SessionService.NewSession session = sessions.login(request.username(), request.password(), access.caller().address());
        NewCookie cookie = cookies.issue(session, uri);
        SessionResponse body = sessions.describeUser(request.username().strip(), session.csrfToken());
        return Response.ok(body).cookie(cookie).build();
    }

    /** Signs out: the session ends on the server and the cookie is cleared. */
    @POST
    @Path("/logout")
    @Rule(value = Level.PUBLIC, audit = "logout")
    public Response logout(@Context UriInfo uri) {
        sessions.logout(access.caller());
        return Response.noContent().cookie(cookies.cleared(uri)).build();
    }
}
