package org.xmodal.platform;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * A failure that says the database cannot serve this node now (unreachable, shutting down, out of connections, or
 * read-only), found anywhere in an exception's causes: waiting can heal it, so callers answer 503, not 500.
 *
 * @param readOnly whether the database answers but refuses writes
 * @param reason   what went wrong, in words fit for a client (no host names, no class names)
 * @param cause    the exception that told, for the server log
 */
public record DatabaseFailure(boolean readOnly, String reason, Throwable cause) {
    /** Hibernate's wrapper for a lost or refused connection; matched by name so that platform need not import Hibernate. */
    private static final String HIBERNATE_CONNECTION = "org.hibernate.exception.JDBCConnectionException";
    /** Agroal's message when no pooled connection became free (or could be opened) within the acquisition timeout. */
    private static final String AGROAL_TIMEOUT = "acquisition timeout";
    private static final int MAX_VISITED = 64;

    /** The database failure among {@code failure}, its causes and the suppressed exceptions that transaction managers attach. */
    public static Optional<DatabaseFailure> in(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty() && seen.size() < MAX_VISITED) {
            Throwable t = pending.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            Optional<DatabaseFailure> found = classify(t);
            if (found.isPresent()) {
                return found;
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                pending.add(sql.getNextException());
            }
            Collections.addAll(pending, t.getSuppressed());
        }
        return Optional.empty();
    }

    /** The problem detail a client reads. */
    public String detail() {
        return readOnly ? "the database is read-only (" + reason + "); writes are refused until it accepts them again, try again shortly"
                : "the database is unavailable (" + reason + "); try again shortly";
    }

    private static Optional<DatabaseFailure> classify(Throwable t) {
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            Optional<DatabaseFailure> bySqlState = bySqlState(sql.getSQLState(), t);
            if (bySqlState.isPresent()) {
                return bySqlState;
            }
        }
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t.getClass().getName().equals(HIBERNATE_CONNECTION)) {
            return unreachable("the connection to it failed", t);
        }
        if (t instanceof SQLException && t.getMessage() != null && t.getMessage().contains(AGROAL_TIMEOUT)) {
            return unreachable("no connection to it became available in time", t);
        }
        return Optional.empty();
    }

    /** PostgreSQL's error codes (Appendix A of its manual) that mean "not now" rather than "not this". */
    private static Optional<DatabaseFailure> bySqlState(String state, Throwable t) {
        if (state.startsWith("08")) {
            return unreachable("the connection to it failed", t);
        }
        return switch (state) {
            case "25006" -> Optional.of(new DatabaseFailure(true, "a read-only transaction cannot write", t));
            case "57P01" -> unreachable("its server is shutting down", t);
            case "57P02" -> unreachable("its server crashed and is restarting", t);
            case "57P03" -> unreachable("its server is starting up or shutting down", t);
            case "53300" -> unreachable("it has no connection slot free", t);
            default -> Optional.empty();
        };
    }

    private static Optional<DatabaseFailure> unreachable(String reason, Throwable t) {
        return Optional.of(new DatabaseFailure(false, reason, t));
    }
}
