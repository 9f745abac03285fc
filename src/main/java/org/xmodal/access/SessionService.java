package org.xmodal.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.xmodal.access.AccessApi.SessionResponse;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;

/** Signing in and out of the browser, with failed logins throttled per account and per address. */
@ApplicationScoped
public class SessionService {
    private final Clock clock;
    private final XmodalConfig config;
    private final AuditLog audit;
    private final AccessService access;

    public SessionService(Clock clock, XmodalConfig config, AuditLog audit, AccessService access) {
        this.clock = clock;
        this.config = config;
        this.audit = audit;
        this.access = access;
    }

    /** A new session's cookie value and CSRF token; neither is stored, only their hashes. */
    public record NewSession(String cookie, String csrfToken, long maxAgeSeconds) {
    }

    /** Checks the password and opens a session, or answers 401 (or 429 after too many failures) and records the failure. */
    public NewSession login(String username, String password, String address) {
        throttle(username.strip(), address);
        NewSession opened = open(username.strip(), password, address);
        if (opened == null) {
            audit.loginFailed(username, address, 401);
            throw new XmodalException(ErrorCode.UNAUTHENTICATED, "wrong user name or password");
        }
        return opened;
    }

    @Transactional
    NewSession open(String username, String password, String address) {
        User user = User.byName(username).orElse(null);
        boolean ok = Passwords.matches(password, user == null ? null : user.passwordHash);
        if (!ok || user.disabled) {
            return null;
        }
        return create(user, address);
    }

    /** Opens a session for a user already identified (a password check, or single sign-on). */
    @Transactional
    public NewSession create(User user, String address) {
        Instant now = clock.instant();
        String cookie = Secrets.random();
        String csrf = csrfOf(cookie);
        WebSession session = new WebSession();
        session.sessionHash = Secrets.hash(cookie);
        session.userId = user.id;
        session.createdAt = now;
        session.lastSeenAt = now;
        session.expiresAt = now.plus(config.access().sessionMax());
        session.address = address;
        session.persist();
        audit.write(user, "login", address);
        return new NewSession(cookie, csrf, config.access().sessionMax().toSeconds());
    }

    /** Ends the caller's session, if they have one. */
    @Transactional
    public void logout(Caller caller) {
        if (caller.sessionId() != null) {
            WebSession.deleteById(caller.sessionId());
        }
    }

    /**
     * The session's CSRF token: a one-way function of its cookie, so that the page can fetch it again after a reload
     * while only same-origin script can read it, and the cookie cannot be recovered from it.
     */
    public static String csrfOf(String cookie) {
        return Secrets.hash("csrf:" + cookie);
    }

    @Transactional
    public SessionResponse describe(Caller caller, String csrf) {
        String mode = access.team() ? "team" : "personal";
        if (!caller.signedIn()) {
            return new SessionResponse(mode, false, null, false, "anonymous", List.of(), null, List.of(), SingleSignOnGate.configured());
        }
        List<SessionResponse.Membership> projects = (caller.admin() || !access.team()
                ? Project.<Project>listAll(io.quarkus.panache.common.Sort.by("name")).stream()
                        .map(p -> new SessionResponse.Membership(p.id, p.name, Role.OWNER.wireName()))
                : Membership.ofUser(caller.userId()).stream().map(m -> {
                    Project p = Project.findById(m.projectId);
                    return new SessionResponse.Membership(p.id, p.name, m.role);
                })).toList();
        return new SessionResponse(mode, true, caller.username(), caller.admin(), caller.via().name().toLowerCase(java.util.Locale.ROOT),
                caller.scopes().stream().map(Scope::wireName).sorted().toList(), csrf, projects, SingleSignOnGate.configured());
    }

    /** The description of a user who has just signed in (the request itself was anonymous). */
    @Transactional
    public SessionResponse describeUser(String username, String csrf) {
        Caller signedIn = new Caller();
        User user = User.byName(username).orElseThrow();
        signedIn.identify(user, Caller.Via.SESSION, java.util.EnumSet.allOf(Scope.class));
        return describe(signedIn, csrf);
    }

    @Transactional
    void throttle(String username, String address) {
        Instant since = clock.instant().minus(config.access().loginWindow());
        if (AuditEvent.failedLogins(username, null, since) >= config.access().loginFailuresPerAccount()
                || address != null && AuditEvent.failedLogins(null, address, since) >= config.access().loginFailuresPerAddress()) {
            audit.loginFailed(username, address, 429);
            throw new XmodalException(ErrorCode.TOO_MANY_REQUESTS, "too many failed sign-ins; try again in "
                    + config.access().loginWindow().toMinutes() + " minutes");
        }
    }
}
