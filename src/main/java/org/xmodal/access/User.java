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

/** A person (or the implicit {@code local} user of a personal node). Passwords are kept only as Argon2id hashes. */
@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {
    /** The owner of everything on a personal node. */
    public static final String LOCAL = "local";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String username;
    @Column(name = "display_name")
    public String displayName = "";
    @Column(name = "password_hash")
    public String passwordHash;
    @Column(name = "oidc_issuer")
    public String oidcIssuer;
    @Column(name = "oidc_subject")
    public String oidcSubject;
    public boolean admin;
    public boolean disabled;
    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<User> byName(String username) {
        return find("username", username).firstResultOptional();
    }

    public static Optional<User> bySubject(String issuer, String subject) {
        return find("oidcIssuer = ?1 and oidcSubject = ?2", issuer, subject).firstResultOptional();
    }
}
