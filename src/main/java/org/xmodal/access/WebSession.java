package org.xmodal.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A signed-in browser: the cookie's random id is kept only as its SHA-256 (the CSRF token derives from the cookie). */
@Entity
@Table(name = "web_session")
public class WebSession extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "session_hash")
    public String sessionHash;
    @Column(name = "user_id")
    public Long userId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    public String address;

    public static Optional<WebSession> byHash(String hash) {
        return find("sessionHash", hash).firstResultOptional();
    }
}
