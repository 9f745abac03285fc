package org.xmodal.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import org.xmodal.access.ApiToken;
import org.xmodal.access.Membership;
import org.xmodal.access.Passwords;
import org.xmodal.access.Project;
import org.xmodal.access.Secrets;
import org.xmodal.access.User;

/** Users, projects, members and tokens for the team-server tests, written straight to the database. */
@ApplicationScoped
public class TeamFixture {
    /** The password of every fixture user. */
    public static final String PASSWORD = "correct horse battery staple";

    /** The user, created on first use (with the fixture password). */
    @Transactional
    public User user(String name, boolean admin) {
        return User.byName(name).orElseGet(() -> {
            User user = new User();
            user.username = name;
            user.passwordHash = Passwords.hash(PASSWORD);
            user.admin = admin;
            user.createdAt = Instant.now();
            user.persist();
            return user;
        });
    }

    @Transactional
    public Project project(String name) {
        return Project.byName(name).orElseGet(() -> {
            Project project = new Project();
            project.name = name;
            project.createdAt = Instant.now();
            project.persist();
            return project;
        });
    }

    @Transactional
    public void member(Project project, User user, String role) {
        Membership m = Membership.of(project.id, user.id).orElseGet(Membership::new);
        m.projectId = project.id;
        m.userId = user.id;
        m.role = role;
        m.persist();
    }

    /** A new API token of {@code user}; returns the secret. */
    @Transactional
    public String token(User user, String... scopes) {
        String secret = Secrets.newToken();
        ApiToken token = new ApiToken();
        token.userId = user.id;
        token.name = "test";
        token.tokenHash = Secrets.hash(secret);
        token.prefix = secret.substring(0, 10);
        token.scopes = scopes;
        token.createdAt = Instant.now();
        token.expiresAt = Instant.now().plus(Duration.ofDays(1));
        token.persist();
        return secret;
    }

    /** The id of the token whose secret is {@code secret}. */
    @Transactional
    public long tokenId(String secret) {
        return ApiToken.byHash(Secrets.hash(secret)).orElseThrow().id;
    }
}
