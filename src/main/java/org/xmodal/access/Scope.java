package org.xmodal.access;

import java.util.Locale;

/** What an API token may be used for: {@code read} anything its user may read, {@code write} change it, {@code admin} administer. */
public enum Scope {
    READ, WRITE, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope parse(String text) {
        for (Scope scope : values()) {
            if (scope.wireName().equals(text)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("expected read, write or admin");
    }
}
