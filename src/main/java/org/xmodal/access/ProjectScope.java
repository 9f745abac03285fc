package org.xmodal.access;

import java.util.List;
import java.util.Map;

/** The projects a caller may read: all of them (an administrator, a personal node), or the listed ones. */
public record ProjectScope(boolean all, List<Long> ids) {
    public static final ProjectScope ALL = new ProjectScope(true, List.of());

    public boolean includes(long projectId) {
        return all || ids.contains(projectId);
    }

    /**
     * The parameters of the SQL filter {@code (:allProjects OR x.project_id IN (:projects))}; the list must not be
     * empty, so {@code -1} stands for no project.
     */
    public Map<String, Object> sqlParameters() {
        return Map.of("allProjects", all, "projects", ids.isEmpty() ? List.of(-1L) : ids);
    }
}
