package org.xmodal.platform;

/** The error vocabulary of xmodal: each code knows the HTTP status it maps to and its short title. */
public enum ErrorCode {
    INVALID_ARGUMENT(400, "Invalid argument"),
    MALFORMED_REQUEST(400, "Malformed request"),
    PATH_OUTSIDE_ROOTS(400, "Path outside the allowed roots"),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflict"),
    PAYLOAD_TOO_LARGE(413, "Request body too large"),
    URI_TOO_LONG(414, "Request URI too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    HEADERS_TOO_LARGE(431, "Request headers too large"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    MALFORMED_DATA(422, "Malformed input data"),
    MISSING_DATA(404, "Missing input data"),
    INCOMPATIBLE(422, "Model and dataset do not fit together"),
    MODEL_CHANGED(422, "Model file changed since registration"),
    MODEL_LOAD_FAILED(422, "Model could not be loaded"),
    MODEL_OUTPUT_INVALID(422, "Model output violates the contract"),
    UNAVAILABLE(503, "Service unavailable"),
    IO_FAILURE(500, "I/O failure"),
    INTERNAL(500, "Internal error");

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

    /** The code for an HTTP status that the framework raised itself (JAX-RS or Vert.x); empty for statuses xmodal never names. */
    public static java.util.Optional<ErrorCode> forStatus(int status) {
        return java.util.Optional.ofNullable(switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 431 -> HEADERS_TOO_LARGE;
            case 500 -> INTERNAL;
            default -> null;
        });
    }

    /** Whether retrying the same work can succeed: failures of the input itself never heal by waiting. */
    public boolean permanent() {
        return this != IO_FAILURE && this != UNAVAILABLE;
    }
}
