package org.xmodal.platform;

/**
 * Which characters user text may hold, and how to quote any text safely in an error. Control characters break
 * logs, terminals and PostgreSQL (which refuses U+0000), so they are refused where text enters, never stored.
 */
public final class Text {
    private Text() {
    }

    /** Single-line text (names, tags, paths, parameters) refuses every C0 and C1 control and DEL; multi-line allows tab, LF, CR. */
    public static String problem(String text, boolean multiLine) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) && !(multiLine && (c == '\n' || c == '\r' || c == '\t'))) {
                return "contains a control character (" + codePoint(c) + ") at position " + i;
            }
            if (Character.isSurrogate(c) && !pairedAt(text, i)) {
                return "contains a lone surrogate (" + codePoint(c) + ") at position " + i;
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        return null;
    }

    /** The text with every control character and lone surrogate written as {@code \}{@code uXXXX}: safe to echo in an error. */
    public static String quoted(String text) {
        if (text == null || problem(text, false) == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) || Character.isSurrogate(c) && !pairedAt(text, i)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
                if (Character.isHighSurrogate(c)) {
                    out.append(text.charAt(++i));
                }
            }
        }
        return out.toString();
    }

    /** {@link #quoted} and cut to {@code max} characters, for values that may be arbitrarily long (URIs, parameters). */
    public static String quoted(String text, int max) {
        String q = quoted(text);
        return q == null || q.length() <= max ? q : q.substring(0, max) + "…";
    }

    private static boolean isControl(char c) {
        return c <= 0x1F || c >= 0x7F && c <= 0x9F;
    }

    private static boolean pairedAt(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
