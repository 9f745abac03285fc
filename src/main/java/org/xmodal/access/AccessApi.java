package org.xmodal.access;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** API records of identity and access. */
public final class AccessApi {
    static final String NAME = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    static final String NAME_MESSAGE = "1–64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    static final String USERNAME = "^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$";

    private AccessApi() {
    }

    public record LoginRequest(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 1024) String password) {
    }

    /** The caller as the UI and CLI see them; {@code csrfToken} goes into the X-CSRF-Token header of every change. */
    public record SessionResponse(String mode, boolean signedIn, String username, boolean admin, String via, List<String> scopes,
                                  String csrfToken, List<Membership> projects, boolean sso) {
        public record Membership(long id, String name, String role) {
        }
    }

    public record TokenRequest(@NotBlank @Size(max = 100) String name,
                               @Size(min = 1, max = 3) List<@Pattern(regexp = "read|write|admin", message = "expected read, write or admin") String> scopes,
                               @Min(value = 1, message = "must be at least 1 day") Integer expiresInDays) {
    }

    /** A token as listed: never the token itself, only its first characters. */
    public record TokenResponse(long id, String name, String prefix, List<String> scopes, Instant createdAt, Instant expiresAt,
                                Instant lastUsedAt, Instant revokedAt) {
        static TokenResponse of(ApiToken t) {
            return new TokenResponse(t.id, t.name, t.prefix, List.of(t.scopes), t.createdAt, t.expiresAt, t.lastUsedAt, t.revokedAt);
        }
    }

    /** A new token, the only time its secret is shown. */
    public record CreatedToken(String token, TokenResponse details) {
    }

    public record ProjectRequest(@NotBlank @Pattern(regexp = NAME, message = NAME_MESSAGE) String name,
                                 @Size(max = 2000) String description, @Size(max = 32) List<@NotBlank @Size(max = 4096) String> registryRoots,
                                 @Pattern(regexp = USERNAME, message = "not a user name") String owner) {
    }

    public record ProjectUpdate(@Size(max = 2000) String description, @Size(max = 32) List<@NotBlank @Size(max = 4096) String> registryRoots) {
    }

    public record ProjectResponse(long id, String name, String description, List<String> registryRoots, String role, Instant createdAt) {
    }

    public record MemberRequest(@NotBlank @Pattern(regexp = "viewer|editor|owner", message = "expected viewer, editor or owner") String role) {
    }

    public record MemberResponse(long userId, String username, String role) {
    }

    public record UserRequest(@NotBlank @Pattern(regexp = USERNAME, message = "1–64 letters, digits, '.', '_', '@' or '-'") String username,
                              @Size(max = 200) String displayName, @Size(max = 1024) String password, Boolean admin) {
    }

    public record UserUpdate(@Size(max = 200) String displayName, @Size(max = 1024) String password, Boolean admin, Boolean disabled) {
    }

    public record UserResponse(long id, String username, String displayName, boolean admin, boolean disabled, boolean sso, Instant createdAt) {
        static UserResponse of(User u) {
            return new UserResponse(u.id, u.username, u.displayName, u.admin, u.disabled, u.oidcSubject != null, u.createdAt);
        }
    }

    public record AuditResponse(long id, Instant at, String actor, String action, String project, String target, int status,
                                String address, String via) {
    }
}
