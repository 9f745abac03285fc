package org.xmodal.access;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;

/** Finds the user behind an API token, a session cookie or, on a personal node, the implicit local user. */
@ApplicationScoped
public class Authenticator {
    /** Last-use times are written at most this often, so that a busy script does not write on every call. */
    private static final Duration TOUCH = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(Authenticator.class);
    private final Clock clock;
    private final XmodalConfig config;

    public Authenticator(Clock clock, XmodalConfig config) {
        this.clock = clock;
        this.config = config;
    }

    /**
     * Records a last use on its own, and only if the database takes it: a read-only or failing database must not
     * turn a read into an error (the time is informational; a session's idle limit at worst ends it a minute early).
     */
    private static void touch(String update, Instant now, Object id) {
        try {
            QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager()
                    .createNativeQuery(update).setParameter(1, Timestamp.from(now)).setParameter(2, id).executeUpdate());
        } catch (RuntimeException e) {
            LOG.debugf("cannot record a last use: %s", e.getMessage());
        }
    }

    /** The implicit user of a personal node: written by the migration and never changed, so read once. */
    private volatile User local;

    public void local(Caller caller) {
        User user = local;
        if (user == null) {
            user = QuarkusTransaction.requiringNew().call(() -> User.byName(User.LOCAL)
                    .orElseThrow(() -> new IllegalStateException("the local user is missing")));
            local = user;
        }
        caller.identify(user, Caller.Via.LOCAL, EnumSet.allOf(Scope.class));
    }

    /** Identifies the caller by an API token, or answers 401: a bad token never falls back to anonymous access. */
    @Transactional
    public void token(Caller caller, String token) {
        Instant now = clock.instant();
        ApiToken found = ApiToken.byHash(Secrets.hash(token)).orElse(null);
        if (found == null || !found.usableAt(now)) {
            throw new XmodalException(ErrorCode.UNAUTHENTICATED, found == null ? "the API token is not valid"
                    : found.revokedAt != null ? "the API token was revoked" : "the API token has expired");
        }
        User user = User.findById(found.userId);
        if (user == null || user.disabled) {
            throw new XmodalException(ErrorCode.UNAUTHENTICATED, "the API token's user is disabled");
        }
        if (found.lastUsedAt == null || found.lastUsedAt.plus(TOUCH).isBefore(now)) {
            touch("UPDATE api_token SET last_used_at = ?1 WHERE id = ?2", now, found.id);
        }
        Set<Scope> scopes = Arrays.stream(found.scopes).map(Scope::parse).collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
        caller.identify(user, Caller.Via.TOKEN, scopes);
    }

    /** Identifies the caller by a session cookie; an unknown or expired session leaves them anonymous. */
    @Transactional
    public Optional<WebSession> session(Caller caller, String sessionId) {
        Instant now = clock.instant();
        WebSession session = WebSession.byHash(Secrets.hash(sessionId)).orElse(null);
        if (session == null || !now.isBefore(session.expiresAt) || !now.isBefore(session.lastSeenAt.plus(config.access().sessionIdle()))) {
            return Optional.empty();
        }
        User user = User.findById(session.userId);
        if (user == null || user.disabled) {
            return Optional.empty();
        }
        if (session.lastSeenAt.plus(TOUCH).isBefore(now)) {
            touch("UPDATE web_session SET last_seen_at = ?1 WHERE id = ?2", now, session.id);
        }
        caller.identify(user, Caller.Via.SESSION, EnumSet.allOf(Scope.class));
        caller.session(session.id);
        return Optional.of(session);
    }
}
