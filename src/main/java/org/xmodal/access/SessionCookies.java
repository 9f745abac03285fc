package org.xmodal.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.UriInfo;
import org.xmodal.platform.XmodalConfig;

/** The browser session's cookie: HttpOnly, SameSite=Strict, and Secure over HTTPS (or as configured). */
@ApplicationScoped
public class SessionCookies {
    private final XmodalConfig config;

    public SessionCookies(XmodalConfig config) {
        this.config = config;
    }

    NewCookie issue(SessionService.NewSession session, UriInfo uri) {
        return cookie(session.cookie(), (int) session.maxAgeSeconds(), uri);
    }

    NewCookie cleared(UriInfo uri) {
        return cookie("", 0, uri);
    }

    private NewCookie cookie(String value, int maxAge, UriInfo uri) {
        String setting = config.access().secureCookies();
        boolean secure = "auto".equals(setting) ? "https".equals(uri.getRequestUri().getScheme()) : Boolean.parseBoolean(setting);
        return new NewCookie.Builder(AccessFilter.SESSION_COOKIE).value(value).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure(secure).maxAge(maxAge).build();
    }
}
