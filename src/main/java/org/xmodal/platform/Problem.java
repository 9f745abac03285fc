package org.xmodal.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem detail, as every error of the REST API is written. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ErrorCode code, String detail, String instance, List<FieldError> errors) {
        return new Problem(code.type(), code.title(), code.httpStatus(), detail, instance, errors);
    }
}
