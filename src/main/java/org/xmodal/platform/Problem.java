package org.xmodal.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem detail, as every error of the REST API is written. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The detail and instance may quote user input (a path, a value): control characters leave escaped, long URIs cut. */
    public Problem {
        detail = Text.quoted(detail, 2000);
        instance = Text.quoted(instance, 500);
    }

    public static Problem of(ErrorCode code, String detail, String instance, List<FieldError> errors) {
        return new Problem(code.type(), code.title(), code.httpStatus(), detail, instance, errors);
    }

    /** For a status the HTTP layer raised itself (JAX-RS or Vert.x): typed where xmodal has a code for it. */
    public static Problem ofStatus(int status, String detail, String instance) {
        return ErrorCode.forStatus(status).map(code -> of(code, detail, instance, List.of()))
                .orElseGet(() -> new Problem("about:blank", "HTTP " + status, status, detail, instance, List.of()));
    }
}
