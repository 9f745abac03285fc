package org.xmodal.access;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.xmodal.platform.DatabaseFailure;

/** Writes audit events in their own transaction, so that refused and failed calls are recorded too. */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    /** Records what {@code caller} did; a failure to record is logged, never turned into the caller's error. */
    public void record(Caller caller, String action, String target, int status) {
        write(caller.userId(), caller.signedIn() ? caller.username() : "anonymous", action, caller.auditProject(), target, status,
                caller.address(), caller.via().name().toLowerCase(Locale.ROOT));
    }

    /** A failed login: the name as typed (trimmed and cut to 64 characters), the address it came from. */
    public void loginFailed(String typedName, String address, int status) {
        String name = typedName == null ? "" : typedName.strip();
        write(null, name.length() > 64 ? name.substring(0, 64) : name, "login.failed", null, "", status, address, "anonymous");
    }

    /** A successful sign-in of {@code user}. */
    public void write(User user, String action, String address) {
        write(user.id, user.username, action, null, "", 200, address, "session");
    }

    /** An action taken on the server machine itself (xmodal admin …). */
    public void command(String actor, String action, String target) {
        write(null, actor, action, null, target, 200, null, "cli");
    }

    private void write(Long userId, String actor, String action, Long project, String target, int status, String address, String via) {
        Runnable insert = () -> insert(userId, actor, action, project, target, status, address, via);
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            // answers made on the event loop (a refused sign-in before any worker ran) are recorded from a worker
            io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool().execute(insert);
        } else {
            insert.run();
        }
    }

    private void insert(Long userId, String actor, String action, Long project, String target, int status, String address, String via) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                AuditEvent event = new AuditEvent();
                event.at = clock.instant();
                event.userId = userId;
                event.actor = actor;
                event.action = action;
                event.projectId = project;
                event.target = target == null ? "" : target;
                event.status = status;
                event.address = address;
                event.via = via;
                event.persist();
            });
        } catch (RuntimeException e) {
            Optional<DatabaseFailure> unavailable = DatabaseFailure.in(e);
            if (unavailable.isPresent()) {
                // an outage, not a bug: one line, as ProblemMapper logs the request's 503
                LOG.warnf("could not record the audit event %s by %s: %s", action, actor, unavailable.get().detail());
            } else {
                LOG.errorf(e, "could not record the audit event %s by %s", action, actor);
            }
        }
    }
}
