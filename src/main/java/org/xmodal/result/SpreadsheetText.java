package org.xmodal.result;

/**
 * A text cell of a CSV or TSV export made safe to open in a spreadsheet: one that would be read as a formula
 * (it begins with {@code = + - @}, a tab or a carriage return) gets a leading single quote, OWASP's rule against
 * CSV injection. Only for text columns: numeric columns are written as they are, so {@code -0.0123} stays a number.
 */
public final class SpreadsheetText {
    private SpreadsheetText() {
    }

    public static String of(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
            default -> cell;
        };
    }
}
