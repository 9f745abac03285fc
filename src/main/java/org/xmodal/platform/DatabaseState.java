package org.xmodal.platform;

import java.time.Instant;

/**
 * What this node last learned of its database: whether it takes writes, and if not why.
 *
 * @param health    writable, read-only, unreachable, or not yet probed
 * @param reason    why it cannot take writes (empty while writable)
 * @param checkedAt when this was learned
 */
public record DatabaseState(Health health, String reason, Instant checkedAt) {
    public enum Health {
        UNKNOWN, WRITABLE, READ_ONLY, UNREACHABLE;

        /** The word used in health data and the docs: {@code writable}, {@code read-only}, {@code unreachable}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public static DatabaseState writable(Instant at) {
        return new DatabaseState(Health.WRITABLE, "", at);
    }

    public static DatabaseState of(DatabaseFailure failure, Instant at) {
        return new DatabaseState(failure.readOnly() ? Health.READ_ONLY : Health.UNREACHABLE, failure.reason(), at);
    }

    public boolean writable() {
        return health == Health.WRITABLE;
    }

    /** Unreachable or read-only: known not to take writes (an unprobed database is neither). */
    public boolean down() {
        return health == Health.READ_ONLY || health == Health.UNREACHABLE;
    }
}
