package org.xmodal.access;

import java.util.List;

/** The projects a caller may read: all of them (an administrator, a personal node), or the listed ones. */
public record ProjectScope(boolean all, List<Long> ids) {
    public static final ProjectScope ALL = new ProjectScope(true, List.of());

    public boolean includes(long projectId) {
        return all || ids.contains(projectId);
    }

    /** The ids for an SQL {@code IN (:ids)}, which must not be empty: {@code -1} matches no project. */
    public List<Long> sqlIds() {
        return ids.isEmpty() ? List.of(-1L) : ids;
    }
}
