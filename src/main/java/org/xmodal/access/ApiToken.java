package org.xmodal.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An API token for the CLI and scripts: shown once, kept as its SHA-256, with scopes, an expiry and a last use. */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "user_id")
    public Long userId;
    public String name;
    @Column(name = "token_hash")
    public String tokenHash;
    public String prefix;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] scopes;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    public static Optional<ApiToken> byHash(String hash) {
        return find("tokenHash", hash).firstResultOptional();
    }

    public static List<ApiToken> ofUser(long userId) {
        return list("userId = ?1 order by id desc", userId);
    }

    public boolean usableAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
