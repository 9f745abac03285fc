package org.xmodal.access;

import java.util.Locale;

/** A member's role in a project; each includes the ones before it. */
public enum Role {
    VIEWER, EDITOR, OWNER;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code viewer}, {@code editor} or {@code owner}. */
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.wireName().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("expected viewer, editor or owner");
    }
}
