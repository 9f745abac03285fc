package org.xmodal.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The HTTP layer's own answers, in Vert.x before JAX-RS runs: the URI, header and Content-Length limits, and
 * what Vert.x answers when no route matches, a method is not allowed or a handler fails, all as problem details.
 * <p>
 * Netty's decoder refuses some requests before any route: a Content-Length that is not a non-negative number,
 * a request line or header block over Netty's own limits, bytes that are not HTTP. Vert.x answers those with a
 * bare 400, 414 or 431 and closes the connection, and Quarkus exposes no hook to change that (Vert.x's
 * {@code HttpServer.invalidRequestHandler} is never offered). Netty's limits are therefore kept well above the
 * ones checked here (see {@link #checkBackstops}), so only absurd requests get a bare answer.
 */
@ApplicationScoped
public class HttpFrontDoor {
    /** Just before Quarkus's body-size route, whose 413 has no body. */
    private static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final Logger LOG = Logger.getLogger(HttpFrontDoor.class);
    private final ObjectMapper json;
    private final XmodalConfig.Api limits;

    public HttpFrontDoor(ObjectMapper json, XmodalConfig config) {
        this.json = json;
        this.limits = config.api();
    }

    void install(@Observes Router router) {
        checkBackstops();
        router.route().order(ORDER).handler(this::screen);
        router.route().order(ORDER).failureHandler(this::failed);
        router.errorHandler(404, ctx -> send(ctx, Problem.ofStatus(404, "no such resource: " + ctx.request().path(), path(ctx))));
        router.errorHandler(405, ctx -> send(ctx, Problem.ofStatus(405, "method not allowed on " + ctx.request().path(), path(ctx))));
    }

    private void screen(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        int headerBytes = headerBytes(request.headers());
        String length = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (request.uri().length() > limits.maxUriLength()) {
            refuse(ctx, ErrorCode.URI_TOO_LONG, "the request URI has " + request.uri().length() + " characters; at most "
                    + limits.maxUriLength() + " are accepted");
        } else if (headerBytes > limits.maxHeaderBytes()) {
            refuse(ctx, ErrorCode.HEADERS_TOO_LARGE, "the request headers have " + headerBytes + " bytes; at most "
                    + limits.maxHeaderBytes() + " are accepted");
        } else if (length != null && !DIGITS.matcher(length.trim()).matches()) {
            // Netty already refuses these on HTTP/1.1; kept for HTTP/2, where the header reaches us as sent
            refuse(ctx, ErrorCode.MALFORMED_REQUEST, "Content-Length must be a whole number of bytes, not '" + length + "'");
        } else if (length != null && Long.parseLong(length.trim()) > limits.maxBodyBytes()) {
            refuse(ctx, ErrorCode.PAYLOAD_TOO_LARGE, BodyLimit.tooLarge(length.trim(), limits.maxBodyBytes()).getMessage());
        } else {
            ctx.next();
        }
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode()
                : ctx.failure() instanceof HttpException e ? e.getStatusCode() : 500;
        if (status >= 500) {
            LOG.errorf(ctx.failure(), "%s failed", ctx.request().path());
        }
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        String detail = status >= 500 ? "an unexpected error occurred; the server log has the details"
                : "the request cannot be served";
        send(ctx, Problem.ofStatus(status, detail, path(ctx)));
    }

    /** Refused before its body was read: the connection closes so that the body is never read as a request. */
    private void refuse(RoutingContext ctx, ErrorCode code, String detail) {
        HttpServerResponse response = ctx.response();
        response.putHeader(HttpHeaderNames.CONNECTION, "close");
        response.endHandler(done -> ctx.request().connection().close());
        send(ctx, Problem.of(code, detail, path(ctx), List.of()));
    }

    private void send(RoutingContext ctx, Problem problem) {
        try {
            ctx.response().setStatusCode(problem.status()).putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem detail could not be written", e);
        }
    }

    private static String path(RoutingContext ctx) {
        return ctx.request().path();
    }

    /** As Netty counts them: each header's name, value, ": " and the line break. */
    private static int headerBytes(MultiMap headers) {
        int bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    /** Netty's and Quarkus's limits answer without a problem detail: they must stay above the API's own. */
    private void checkBackstops() {
        var config = ConfigProvider.getConfig();
        long body = config.getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        int line = config.getOptionalValue("quarkus.http.limits.max-initial-line-length", Integer.class).orElse(4096);
        long headers = config.getOptionalValue("quarkus.http.limits.max-header-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(20480L);
        if (body < 2 * limits.maxBodyBytes() || line <= limits.maxUriLength() + 32 || headers <= limits.maxHeaderBytes()) {
            throw new IllegalStateException("quarkus.http.limits (max-body-size " + body + ", max-initial-line-length " + line
                    + ", max-header-size " + headers + ") must stay above xmodal.api's limits (twice max-body-bytes "
                    + limits.maxBodyBytes() + ", max-uri-length " + limits.maxUriLength() + ", max-header-bytes "
                    + limits.maxHeaderBytes() + "): Vert.x answers its own limits without a problem detail");
        }
    }
}
