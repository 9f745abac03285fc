package org.xmodal.platform;

/** One rejected field of a request: its JSON path (e.g. {@code options.batchSize}) and what is wrong with it. */
public record FieldError(String field, String message) {
}
