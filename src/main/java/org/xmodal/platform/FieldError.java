package org.xmodal.platform;

/** One rejected field of a request: its JSON path (e.g. {@code options.batchSize}) and what is wrong with it. */
public record FieldError(String field, String message) {
    /** Both parts may quote user input: control characters leave only as {@code \}{@code uXXXX}. */
    public FieldError {
        field = Text.quoted(field, 200);
        message = Text.quoted(message, 500);
    }
}
