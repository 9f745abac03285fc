package org.xmodal.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.xmodal.access.AccessApi.CreatedToken;
import org.xmodal.access.AccessApi.TokenRequest;
import org.xmodal.access.AccessApi.TokenResponse;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;

/** The caller's API tokens: create (shown once), list, revoke. Administrators may list and revoke anyone's. */
@ApplicationScoped
public class TokenService {
    private final Clock clock;
    private final XmodalConfig config;
    private final AccessService access;

    public TokenService(Clock clock, XmodalConfig config, AccessService access) {
        this.clock = clock;
        this.config = config;
        this.access = access;
    }

    @Transactional
    public CreatedToken create(TokenRequest request) {
        Caller caller = access.caller();
        List<String> scopes = request.scopes() == null ? List.of(Scope.READ.wireName(), Scope.WRITE.wireName())
                : request.scopes().stream().distinct().toList();
        for (String scope : scopes) {
            // a token can do no more than the session or token that created it
            if (!caller.has(Scope.parse(scope)) || scope.equals(Scope.ADMIN.wireName()) && !caller.admin()) {
                throw XmodalException.invalidField("scopes", "you cannot grant '" + scope + "'");
            }
        }
        Duration lifetime = request.expiresInDays() == null ? config.access().tokenDefaultLifetime()
                : Duration.ofDays(request.expiresInDays());
        if (lifetime.compareTo(config.access().tokenMaxLifetime()) > 0) {
            throw XmodalException.invalidField("expiresInDays", "at most " + config.access().tokenMaxLifetime().toDays() + " days");
        }
        Instant now = clock.instant();
        String secret = Secrets.newToken();
        ApiToken token = new ApiToken();
        token.userId = caller.userId();
        token.name = request.name().strip();
        token.tokenHash = Secrets.hash(secret);
        token.prefix = secret.substring(0, Secrets.TOKEN_PREFIX.length() + 6);
        token.scopes = scopes.toArray(String[]::new);
        token.createdAt = now;
        token.expiresAt = now.plus(lifetime);
        token.persist();
        caller.auditTarget("token " + token.id + " (" + token.name + ")");
        return new CreatedToken(secret, TokenResponse.of(token));
    }

    @Transactional
    public List<TokenResponse> mine() {
        return ApiToken.ofUser(access.caller().userId()).stream().map(TokenResponse::of).toList();
    }

    /** Revokes one of the caller's tokens (any token, for an administrator); a token revoked once stays revoked. */
    @Transactional
    public Optional<TokenResponse> revoke(long id) {
        Caller caller = access.caller();
        caller.auditTarget("token " + id);
        return Optional.ofNullable(ApiToken.<ApiToken>findById(id))
                .filter(t -> t.userId.equals(caller.userId()) || caller.admin())
                .map(t -> {
                    if (t.revokedAt == null) {
                        t.revokedAt = clock.instant();
                    }
                    return TokenResponse.of(t);
                });
    }
}
