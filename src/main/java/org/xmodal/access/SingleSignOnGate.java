package org.xmodal.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.xmodal.platform.Problem;

/**
 * Where no OpenID Connect provider is configured, the single sign-on path answers 404 as a problem detail, before
 * Quarkus's security layer would answer its own plain-text 401.
 */
@ApplicationScoped
public class SingleSignOnGate {
    private final ObjectMapper json;

    public SingleSignOnGate(ObjectMapper json) {
        this.json = json;
    }

    /** Whether single sign-on through an OpenID Connect provider is configured. */
    static boolean configured() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.oidc.tenant-enabled", Boolean.class).orElse(false);
    }

    void install(@Observes Router router) {
        if (configured()) {
            return;
        }
        router.route("/api/session/oidc").order(Integer.MIN_VALUE + 1000).handler(ctx -> {
            try {
                ctx.response().setStatusCode(404).putHeader("Content-Type", Problem.MEDIA_TYPE).end(json.writeValueAsString(
                        Problem.ofStatus(404, "single sign-on is not configured on this server: sign in with a user name and password",
                                ctx.request().path())));
            } catch (JsonProcessingException e) {
                ctx.fail(e);
            }
        });
    }
}
