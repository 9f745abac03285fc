package org.xmodal.access;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.xmodal.access.AccessApi.UserResponse;
import org.xmodal.access.AccessApi.UserUpdate;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/** Local users: created by an administrator (the first one with {@code xmodal admin create-user} on the server). */
@ApplicationScoped
public class UserService {
    private final Clock clock;

    public UserService(Clock clock) {
        this.clock = clock;
    }

    @Transactional
    public List<UserResponse> list() {
        return User.<User>listAll(Sort.by("username")).stream().filter(u -> !User.LOCAL.equals(u.username)).map(UserResponse::of).toList();
    }

    /** Creates a user with a password (at least {@link Passwords#MIN_LENGTH} characters), or for single sign-on only (none). */
    @Transactional
    public UserResponse create(String username, String displayName, String password, boolean admin) {
        if (User.LOCAL.equals(username) || User.byName(username).isPresent()) {
            throw new XmodalException(ErrorCode.CONFLICT, "a user named " + username + " exists already");
        }
        User user = new User();
        user.username = username;
        user.displayName = displayName == null ? "" : displayName;
        user.passwordHash = password == null ? null : Passwords.hashNew(password);
        user.admin = admin;
        user.createdAt = clock.instant();
        user.persist();
        return UserResponse.of(user);
    }

    @Transactional
    public Optional<UserResponse> update(long id, UserUpdate update) {
        return Optional.ofNullable(User.<User>findById(id)).filter(u -> !User.LOCAL.equals(u.username)).map(user -> {
            if (update.displayName() != null) {
                user.displayName = update.displayName();
            }
            if (update.password() != null) {
                user.passwordHash = Passwords.hashNew(update.password());
                // a new password ends the user's browser sessions
                WebSession.delete("userId", user.id);
            }
            if (update.admin() != null) {
                user.admin = update.admin();
            }
            if (update.disabled() != null) {
                user.disabled = update.disabled();
                if (user.disabled) {
                    WebSession.delete("userId", user.id);
                }
            }
            return UserResponse.of(user);
        });
    }
}
