package org.xmodal.access;

import jakarta.enterprise.context.RequestScoped;
import java.util.EnumSet;
import java.util.Set;

/** Who is calling in this request, how they proved it, and what the audit log should say about the call. */
@RequestScoped
public class Caller {
    /** How the caller was identified. */
    public enum Via { LOCAL, SESSION, TOKEN, ANONYMOUS }

    private Long userId;
    private String username = "anonymous";
    private boolean admin;
    private Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    private Via via = Via.ANONYMOUS;
    private String address;
    private Long sessionId;
    private Long auditProject;
    private String auditTarget;

    void identify(User user, Via how, Set<Scope> granted) {
        userId = user.id;
        username = user.username;
        admin = user.admin;
        via = how;
        scopes = granted.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(granted);
        if (!admin) {
            scopes.remove(Scope.ADMIN);
        }
    }

    void session(Long id) {
        sessionId = id;
    }

    void address(String from) {
        address = from;
    }

    public boolean signedIn() {
        return userId != null;
    }

    public Long userId() {
        return userId;
    }

    public String username() {
        return username;
    }

    public boolean admin() {
        return admin && scopes.contains(Scope.ADMIN);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    public Set<Scope> scopes() {
        return Set.copyOf(scopes);
    }

    public Via via() {
        return via;
    }

    public String address() {
        return address;
    }

    Long sessionId() {
        return sessionId;
    }

    /** The project the audit log files this call under (set when the target is found). */
    public void auditProject(Long projectId) {
        auditProject = projectId;
    }

    Long auditProject() {
        return auditProject;
    }

    /** What the call acted on, e.g. {@code experiment 12}, where the path does not say (a creation). */
    public void auditTarget(String target) {
        auditTarget = target;
    }

    String auditTarget() {
        return auditTarget;
    }
}
