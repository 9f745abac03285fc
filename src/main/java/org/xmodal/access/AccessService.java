package org.xmodal.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;

/**
 * The one question every resource asks: may this caller do this to that project? Projects the caller cannot read
 * answer 404, as if they did not exist; a project they can read but not change answers 403.
 */
@ApplicationScoped
public class AccessService {
    private final Caller caller;
    private final EntityManager em;
    private final XmodalConfig config;

    public AccessService(Caller caller, EntityManager em, XmodalConfig config) {
        this.caller = caller;
        this.em = em;
        this.config = config;
    }

    public Caller caller() {
        return caller;
    }

    /** Whether this node requires authentication (team server) rather than trusting its one local user. */
    public boolean team() {
        return config.access().team();
    }

    /** Refuses unless the caller holds {@code level} on project {@code projectId}; records the project for the audit log. */
    @Transactional
    public void require(long projectId, Level level) {
        caller.auditProject(projectId);
        requireScope(level);
        if (caller.admin() || !team() && caller.signedIn()) {
            return;
        }
        Optional<Role> role = roleIn(projectId);
        if (role.isEmpty()) {
            throw new XmodalException(ErrorCode.NOT_FOUND, "no such project, or you are not one of its members");
        }
        if (level.role() != null && !role.get().includes(level.role())) {
            throw new XmodalException(ErrorCode.FORBIDDEN, "this needs the " + level.role().wireName() + " role in the project; you are "
                    + role.get().wireName());
        }
    }

    /** Refuses a caller who is not signed in (401) or whose token lacks the scope of {@code level} (403). */
    public void requireScope(Level level) {
        if (level == Level.PUBLIC) {
            return;
        }
        if (!caller.signedIn()) {
            throw new XmodalException(ErrorCode.UNAUTHENTICATED, "sign in, or send an API token as 'Authorization: Bearer …'");
        }
        if (level == Level.ADMIN && !caller.admin()) {
            throw new XmodalException(ErrorCode.FORBIDDEN, "this needs an administrator" + (caller.via() == Caller.Via.TOKEN
                    ? " and a token with the admin scope" : ""));
        }
        if (!caller.has(level.scope())) {
            throw new XmodalException(ErrorCode.FORBIDDEN, "this token lacks the '" + level.scope().wireName() + "' scope");
        }
    }

    /** The caller's role in a project, if they are a member. */
    @Transactional
    public Optional<Role> roleIn(long projectId) {
        if (!caller.signedIn()) {
            return Optional.empty();
        }
        return Membership.of(projectId, caller.userId()).map(Membership::role);
    }

    /** The projects the caller may read. */
    @Transactional
    public ProjectScope readable() {
        if (caller.admin() || !team() && caller.signedIn()) {
            return ProjectScope.ALL;
        }
        if (!caller.signedIn()) {
            return new ProjectScope(false, List.of());
        }
        return new ProjectScope(false, Membership.ofUser(caller.userId()).stream().map(m -> m.projectId).toList());
    }

    /**
     * The project a new experiment or registration goes to: the one named, else the caller's only project where they
     * can write, else {@code default} on a personal node. Requires the editor role there.
     */
    @Transactional
    public Project projectForWrite(String name) {
        Project project;
        if (name != null && !name.isBlank()) {
            project = Project.byName(name.trim()).orElseThrow(() -> XmodalException.invalidField("project",
                    "no project named '" + name.trim() + "', or you are not one of its members"));
        } else if (!team()) {
            project = Project.byName(Project.DEFAULT).orElseThrow();
        } else {
            List<Membership> writable = Membership.ofUser(caller.userId()).stream()
                    .filter(m -> m.role().includes(Role.EDITOR)).toList();
            if (writable.size() != 1) {
                throw XmodalException.invalidField("project", writable.isEmpty()
                        ? "you are not an editor of any project; ask a project owner to add you"
                        : "you can write to several projects: name one");
            }
            project = Project.findById(writable.get(0).projectId);
        }
        try {
            require(project.id, Level.WRITE);
        } catch (XmodalException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw XmodalException.invalidField("project", "no project named '" + project.name + "', or you are not one of its members");
            }
            throw e;
        }
        return project;
    }

    /** The project that the thing named by {@code id} belongs to, or 404. */
    @Transactional
    public long projectOf(Target target, String id) {
        String sql = switch (target) {
            case PROJECT -> "SELECT id FROM project WHERE id = :id";
            case EXPERIMENT -> "SELECT project_id FROM experiment WHERE id = :id";
            case SWEEP -> "SELECT e.project_id FROM sweep s JOIN experiment_version v ON v.id = s.experiment_version_id "
                    + "JOIN experiment e ON e.id = v.experiment_id WHERE s.id = :id";
            case RUN -> "SELECT e.project_id FROM run r JOIN sweep s ON s.id = r.sweep_id JOIN experiment_version v "
                    + "ON v.id = s.experiment_version_id JOIN experiment e ON e.id = v.experiment_id WHERE r.id = :id";
            case MODEL -> "SELECT project_id FROM model WHERE name = :id";
            case DATASET -> "SELECT project_id FROM dataset WHERE id = :id";
            case NONE -> throw new IllegalArgumentException("no target");
        };
        Object key = id;
        if (target != Target.MODEL) {
            try {
                key = Long.parseLong(id);
            } catch (NumberFormatException e) {
                throw XmodalException.notFound(target.name().toLowerCase(java.util.Locale.ROOT) + " " + id);
            }
        }
        List<?> found = em.createNativeQuery(sql).setParameter("id", key).getResultList();
        if (found.isEmpty()) {
            throw XmodalException.notFound(target.name().toLowerCase(java.util.Locale.ROOT) + " " + id);
        }
        return ((Number) found.get(0)).longValue();
    }

    /** Refuses unless the caller may read every one of {@code runIds} (a comparison across runs). */
    @Transactional
    @SuppressWarnings("unchecked")
    public void requireReadableRuns(List<Long> runIds) {
        ProjectScope scope = readable();
        if (scope.all() || runIds.isEmpty()) {
            return;
        }
        List<Object[]> rows = em.createNativeQuery("SELECT r.id, e.project_id FROM run r JOIN sweep s ON s.id = r.sweep_id "
                + "JOIN experiment_version v ON v.id = s.experiment_version_id JOIN experiment e ON e.id = v.experiment_id "
                + "WHERE r.id IN (:ids)").setParameter("ids", runIds).getResultList();
        for (Object[] row : rows) {
            if (!scope.includes(((Number) row[1]).longValue())) {
                throw XmodalException.notFound("run " + row[0]);
            }
        }
    }
}
