package org.xmodal.platform;

/**
 * The one exception type that crosses room boundaries. Its message is written for the user: it names the
 * file, line, image or example at fault, so it can be shown as it is in the CLI or an API problem detail.
 */
public class XmodalException extends RuntimeException {
    private final ErrorCode code;

    public XmodalException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public XmodalException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
