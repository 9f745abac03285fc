package org.xmodal.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;

/** Matches a provider's user (issuer and subject) to an xmodal user, creating one on first sign-in where allowed. */
@ApplicationScoped
public class SingleSignOnService {
    private final Clock clock;
    private final XmodalConfig config;

    public SingleSignOnService(Clock clock, XmodalConfig config) {
        this.clock = clock;
        this.config = config;
    }

    @Transactional
    public User userFor(String issuer, String subject, String preferredName) {
        User user = User.bySubject(issuer, subject).orElse(null);
        if (user == null) {
            if (!config.access().ssoCreatesUsers()) {
                throw new XmodalException(ErrorCode.FORBIDDEN, "no xmodal user is linked to this sign-in; ask an administrator");
            }
            user = new User();
            user.username = freeName(preferredName == null ? subject : preferredName);
            user.oidcIssuer = issuer;
            user.oidcSubject = subject;
            user.createdAt = clock.instant();
            user.persist();
        }
        if (user.disabled) {
            throw new XmodalException(ErrorCode.FORBIDDEN, "this user is disabled");
        }
        return user;
    }

    /** The provider's name made valid and unique here ({@code alice}, else {@code alice-2}, …). */
    private static String freeName(String wanted) {
        String base = wanted.replaceAll("[^A-Za-z0-9._@-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        base = base.isEmpty() ? "user" : base.length() > 56 ? base.substring(0, 56) : base;
        String name = base;
        for (int i = 2; User.byName(name).isPresent() || User.LOCAL.equals(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }
}
