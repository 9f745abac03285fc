package org.xmodal.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses request bodies over {@code xmodal.api.max-body-bytes} before they are read, as a problem detail. */
public final class BodyLimitFilter {
    private final XmodalConfig config;

    public BodyLimitFilter(XmodalConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public void limit(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && !length.isBlank()) {
            long bytes;
            try {
                bytes = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new XmodalException(ErrorCode.MALFORMED_REQUEST, "Content-Length is not a number: " + length);
            }
            if (bytes > config.api().maxBodyBytes()) {
                throw new XmodalException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body has " + bytes
                        + " bytes; at most " + config.api().maxBodyBytes() + " are accepted");
            }
        }
    }
}
