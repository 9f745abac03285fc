package org.xmodal.platform;

/** The error vocabulary of xmodal: each code knows the HTTP status it maps to and its short title. */
public enum ErrorCode {
    INVALID_ARGUMENT(400, "Invalid argument"),
    MALFORMED_REQUEST(400, "Malformed request"),
    PATH_OUTSIDE_ROOTS(400, "Path outside the allowed roots"),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    CONFLICT(409, "Conflict"),
    PAYLOAD_TOO_LARGE(413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    MALFORMED_DATA(422, "Malformed input data"),
    MISSING_DATA(404, "Missing input data"),
    INCOMPATIBLE(422, "Model and dataset do not fit together"),
    MODEL_CHANGED(422, "Model file changed since registration"),
    MODEL_LOAD_FAILED(422, "Model could not be loaded"),
    MODEL_OUTPUT_INVALID(422, "Model output violates the contract"),
    UNAVAILABLE(503, "Service unavailable"),
    IO_FAILURE(500, "I/O failure");

    private final int httpStatus;
    private final String title;

    ErrorCode(int httpStatus, String title) {
        this.httpStatus = httpStatus;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }

    /** The stable URI that names this kind of problem in {@code application/problem+json}. */
    public String type() {
        return "https://xmodal.org/problems/" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether retrying the same work can succeed: failures of the input itself never heal by waiting. */
    public boolean permanent() {
        return this != IO_FAILURE && this != UNAVAILABLE;
    }
}
