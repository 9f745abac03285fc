package org.xmodal.platform;

import java.util.regex.Pattern;

/**
 * Query parameters that must be numbers or flags, read from their text here: JAX-RS would answer a 404 for
 * {@code ?page=abc}, and a 400 naming the parameter is what the client needs.
 */
public final class QueryParams {
    private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,19}");

    private QueryParams() {
    }

    /** Empty when absent or blank. */
    public static Integer wholeNumber(String name, String value) {
        Long n = longNumber(name, value);
        if (n != null && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
            throw XmodalException.invalidField(name, "out of range: '" + Text.quoted(value, 40) + "'");
        }
        return n == null ? null : n.intValue();
    }

    public static Long longNumber(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            if (WHOLE.matcher(v).matches()) {
                return Long.parseLong(v);
            }
        } catch (NumberFormatException e) {
            throw XmodalException.invalidField(name, "out of range: '" + Text.quoted(value, 40) + "'");
        }
        throw XmodalException.invalidField(name, "not a whole number: '" + Text.quoted(value, 40) + "'");
    }

    /** {@code true} or {@code false} only: JAX-RS would read any other word as false. */
    public static boolean flag(String name, String value, boolean absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw XmodalException.invalidField(name, "expected true or false: '" + Text.quoted(value, 40) + "'");
        };
    }
}
