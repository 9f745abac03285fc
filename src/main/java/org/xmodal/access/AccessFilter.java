package org.xmodal.access;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Before every REST operation: who is calling (token, session cookie, or the local user of a personal node),
 * whether a state-changing request could have been forged by another site, and whether the operation's
 * {@link Rule} admits the caller. An operation without a rule is refused, so a new endpoint cannot be left open.
 */
public class AccessFilter {
    public static final String SESSION_COOKIE = "xmodal_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Logger LOG = Logger.getLogger(AccessFilter.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");
    private final AccessService access;
    private final Authenticator authenticator;

    public AccessFilter(AccessService access, Authenticator authenticator) {
        this.access = access;
        this.authenticator = authenticator;
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public void filter(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        Method method = resource.getResourceMethod();
        if (method == null || !method.getDeclaringClass().getName().startsWith("org.xmodal.")) {
            return;
        }
        Caller caller = access.caller();
        caller.address(http.remoteAddress() == null ? null : http.remoteAddress().hostAddress());
        Rule rule = method.getAnnotation(Rule.class);
        if (rule == null) {
            LOG.errorf("%s.%s has no access rule; refused", method.getDeclaringClass().getSimpleName(), method.getName());
            throw new XmodalException(ErrorCode.FORBIDDEN, "this operation has no access rule");
        }
        Optional<String> sessionCookie = authenticate(request, caller);
        if (!SAFE_METHODS.contains(request.getMethod())) {
            refuseForgery(request, sessionCookie);
        }
        authorize(request, rule);
    }

    /** Identifies the caller; answers the session cookie's value where a browser session did. */
    private Optional<String> authenticate(ContainerRequestContext request, Caller caller) {
        if (!access.team()) {
            String host = request.getHeaderString(HttpHeaders.HOST);
            // a personal node answers only to its loopback names: another site rebinding its own name to 127.0.0.1 is refused
            if (host != null && !LOOPBACK_HOSTS.contains(host.replaceFirst(":\\d+$", "").toLowerCase(java.util.Locale.ROOT))) {
                throw new XmodalException(ErrorCode.FORBIDDEN, "a personal node answers only to localhost; run a team server (--team) to serve other names");
            }
            authenticator.local(caller);
            return Optional.empty();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && !authorization.isBlank()) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new XmodalException(ErrorCode.UNAUTHENTICATED, "send the API token as 'Authorization: Bearer <token>'");
            }
            authenticator.token(caller, authorization.substring(7).trim());
            return Optional.empty();
        }
        Cookie cookie = request.getCookies().get(SESSION_COOKIE);
        return cookie == null || cookie.getValue().isBlank() ? Optional.empty()
                : authenticator.session(caller, cookie.getValue()).map(session -> cookie.getValue());
    }

    /**
     * A browser sends another site's forms and simple requests with the user's cookies. Those are refused three
     * ways: state changes take only {@code application/json}, or {@code text/tab-separated-values} for a TSV upload
     * (neither of which other sites can send without a CORS preflight, and this node answers none), requests marked cross-site by the browser are refused, and a request
     * signed in by cookie must carry the session's CSRF token.
     */
    private static final MediaType TSV = new MediaType("text", "tab-separated-values");

    private void refuseForgery(ContainerRequestContext request, Optional<String> sessionCookie) {
        String site = request.getHeaderString("Sec-Fetch-Site");
        if ("cross-site".equals(site) || "same-site".equals(site)) {
            throw new XmodalException(ErrorCode.FORBIDDEN, "cross-site requests cannot change anything here");
        }
        MediaType type = request.getMediaType();
        if (type == null || !(type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.isCompatible(TSV))
                || type.isWildcardType() || type.isWildcardSubtype()) {
            throw new XmodalException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "requests that change something must be sent as application/json (also when they have no body)");
        }
        if (sessionCookie.isPresent()) {
            String csrf = request.getHeaderString(CSRF_HEADER);
            if (csrf == null || !Secrets.sameHash(csrf, SessionService.csrfOf(sessionCookie.get()))) {
                throw new XmodalException(ErrorCode.FORBIDDEN, "the " + CSRF_HEADER + " header is missing or does not match the session");
            }
        }
    }

    private void authorize(ContainerRequestContext request, Rule rule) {
        if (rule.target() == Target.NONE) {
            access.requireScope(rule.value());
            return;
        }
        String id = request.getUriInfo().getPathParameters().getFirst(rule.param());
        access.requireScope(rule.value());
        long project = access.projectOf(rule.target(), id);
        try {
            access.require(project, rule.value());
        } catch (XmodalException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw XmodalException.notFound(rule.target().name().toLowerCase(java.util.Locale.ROOT) + " " + id);
            }
            throw e;
        }
    }
}
