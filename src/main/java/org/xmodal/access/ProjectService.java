package org.xmodal.access;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.xmodal.access.AccessApi.MemberResponse;
import org.xmodal.access.AccessApi.ProjectRequest;
import org.xmodal.access.AccessApi.ProjectResponse;
import org.xmodal.access.AccessApi.ProjectUpdate;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/** Projects and their members. Administrators create projects and set their registry roots; owners manage members. */
@ApplicationScoped
public class ProjectService {
    private final Clock clock;
    private final AccessService access;

    public ProjectService(Clock clock, AccessService access) {
        this.clock = clock;
        this.access = access;
    }

    @Transactional
    public List<ProjectResponse> readable() {
        ProjectScope scope = access.readable();
        return Project.<Project>listAll(Sort.by("name")).stream().filter(p -> scope.includes(p.id)).map(this::respond).toList();
    }

    @Transactional
    public Optional<ProjectResponse> get(long id) {
        return Optional.ofNullable(Project.<Project>findById(id)).map(this::respond);
    }

    @Transactional
    public ProjectResponse create(ProjectRequest request) {
        if (Project.byName(request.name()).isPresent()) {
            throw new XmodalException(ErrorCode.CONFLICT, "a project named " + request.name() + " exists already");
        }
        User owner = request.owner() == null ? User.findById(access.caller().userId())
                : User.byName(request.owner()).orElseThrow(() -> XmodalException.invalidField("owner", "no user named " + request.owner()));
        Project project = new Project();
        project.name = request.name();
        project.description = request.description() == null ? "" : request.description();
        project.registryRoots = request.registryRoots() == null ? new String[0] : request.registryRoots().toArray(String[]::new);
        project.createdAt = clock.instant();
        project.persist();
        setRole(project.id, owner, Role.OWNER);
        access.caller().auditProject(project.id);
        access.caller().auditTarget("project " + project.name);
        return respond(project);
    }

    /** Owners change the description; only an administrator changes the registry roots, which bound what the server reads. */
    @Transactional
    public Optional<ProjectResponse> update(long id, ProjectUpdate update) {
        return Optional.ofNullable(Project.<Project>findById(id)).map(project -> {
            if (update.registryRoots() != null) {
                if (!access.caller().admin()) {
                    throw new XmodalException(ErrorCode.FORBIDDEN, "only an administrator can change a project's registry roots");
                }
                project.registryRoots = update.registryRoots().toArray(String[]::new);
            }
            if (update.description() != null) {
                project.description = update.description();
            }
            return respond(project);
        });
    }

    @Transactional
    public List<MemberResponse> members(long projectId) {
        return Membership.ofProject(projectId).stream().map(m -> new MemberResponse(m.userId,
                User.<User>findById(m.userId).username, m.role)).toList();
    }

    @Transactional
    public MemberResponse setMember(long projectId, String username, Role role) {
        User user = User.byName(username).filter(u -> !User.LOCAL.equals(u.username))
                .orElseThrow(() -> XmodalException.notFound("user " + username));
        access.caller().auditTarget("member " + username + " as " + role.wireName());
        Optional<Membership> current = Membership.of(projectId, user.id);
        if (current.isPresent() && current.get().role() == Role.OWNER && role != Role.OWNER) {
            requireAnotherOwner(projectId);
        }
        setRole(projectId, user, role);
        return new MemberResponse(user.id, user.username, role.wireName());
    }

    @Transactional
    public boolean removeMember(long projectId, String username) {
        access.caller().auditTarget("member " + username);
        Optional<Membership> current = User.byName(username).flatMap(u -> Membership.of(projectId, u.id));
        current.filter(m -> m.role() == Role.OWNER).ifPresent(m -> requireAnotherOwner(projectId));
        current.ifPresent(Membership::delete);
        return current.isPresent();
    }

    private static void requireAnotherOwner(long projectId) {
        if (Membership.ofProject(projectId).stream().filter(m -> m.role() == Role.OWNER).count() < 2) {
            throw new XmodalException(ErrorCode.CONFLICT, "a project keeps at least one owner; make someone else owner first");
        }
    }

    private static void setRole(long projectId, User user, Role role) {
        Membership membership = Membership.of(projectId, user.id).orElseGet(() -> {
            Membership m = new Membership();
            m.projectId = projectId;
            m.userId = user.id;
            return m;
        });
        membership.role = role.wireName();
        membership.persist();
    }

    private ProjectResponse respond(Project p) {
        String role = access.caller().admin() || !access.team() ? Role.OWNER.wireName()
                : access.roleIn(p.id).map(Role::wireName).orElse(null);
        return new ProjectResponse(p.id, p.name, p.description, List.of(p.registryRoots), role, p.createdAt);
    }
}
