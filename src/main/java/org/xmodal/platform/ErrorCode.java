package org.xmodal.platform;

/** The error vocabulary of xmodal: each code knows the HTTP status it maps to and its short title. */
public enum ErrorCode {
    INVALID_ARGUMENT(400, "Invalid argument"),
    MALFORMED_DATA(422, "Malformed input data"),
    MISSING_DATA(404, "Missing input data"),
    INCOMPATIBLE(422, "Model and dataset do not fit together"),
    MODEL_LOAD_FAILED(422, "Model could not be loaded"),
    MODEL_OUTPUT_INVALID(422, "Model output violates the contract"),
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
}
