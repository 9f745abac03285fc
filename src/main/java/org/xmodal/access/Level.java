package org.xmodal.access;

/** How much an operation requires of its caller. */
public enum Level {
    /** Anyone, signed in or not (signing in, the session's own state). */
    PUBLIC(null, null),
    /** Any signed-in caller with the read scope; what it returns is limited to the caller's projects. */
    SIGNED_IN(Scope.READ, null),
    /** Any signed-in caller with the write scope, acting on their own things (their tokens) or on a project the service checks. */
    SIGNED_IN_WRITE(Scope.WRITE, null),
    /** A viewer (or more) of the target's project. */
    READ(Scope.READ, Role.VIEWER),
    /** An editor (or owner) of the target's project. */
    WRITE(Scope.WRITE, Role.EDITOR),
    /** An owner of the target project: members and settings. */
    OWN(Scope.WRITE, Role.OWNER),
    /** A global administrator: users, projects, registry roots. */
    ADMIN(Scope.ADMIN, null);

    private final Scope scope;
    private final Role role;

    Level(Scope scope, Role role) {
        this.scope = scope;
        this.role = role;
    }

    /** The token scope this level needs; null for {@link #PUBLIC}. */
    public Scope scope() {
        return scope;
    }

    /** The project role this level needs; null where no single project is the target. */
    public Role role() {
        return role;
    }
}
