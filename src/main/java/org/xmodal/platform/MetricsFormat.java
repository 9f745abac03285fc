package org.xmodal.platform;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Prometheus endpoint answers a client that states no preference (curl, a script) in Prometheus's classic text
 * format, as Prometheus's own client libraries do; Quarkus would answer it in OpenMetrics, whose counters are named
 * without their {@code _total} in HELP and TYPE, so {@code curl …/q/metrics | promtool check metrics} reported every
 * counter as having no help text. A client that asks for a format (a Prometheus server does) still gets what it asks for.
 */
@ApplicationScoped
public class MetricsFormat {
    static final String CLASSIC = "text/plain; version=0.0.4";
    private final String path;

    public MetricsFormat(@ConfigProperty(name = "quarkus.micrometer.export.prometheus.path", defaultValue = "/q/metrics") String path) {
        this.path = path;
    }

    void install(@Observes Router router) {
        router.route(path).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            String accept = ctx.request().getHeader(HttpHeaderNames.ACCEPT);
            if (accept == null || accept.isBlank() || accept.trim().startsWith("*/*")) {
                ctx.request().headers().set(HttpHeaderNames.ACCEPT, CLASSIC);
            }
            ctx.next();
        });
    }
}
