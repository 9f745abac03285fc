package org.xmodal.platform;

import java.util.List;

/**
 * The one exception type that crosses room boundaries. Its message is written for the user: it names the
 * file, line, image or example at fault, so it can be shown as it is in the CLI or an API problem detail.
 * Request validation adds the individual {@link FieldError}s.
 */
public class XmodalException extends RuntimeException {
    private final ErrorCode code;
    private final List<FieldError> fieldErrors;

    public XmodalException(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    public XmodalException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.fieldErrors = List.of();
    }

    public XmodalException(ErrorCode code, String message, List<FieldError> fieldErrors) {
        super(message);
        this.code = code;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /** A 400 naming one field. */
    public static XmodalException invalidField(String field, String message) {
        return new XmodalException(ErrorCode.INVALID_ARGUMENT, field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static XmodalException notFound(String what) {
        return new XmodalException(ErrorCode.NOT_FOUND, what + " does not exist");
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
