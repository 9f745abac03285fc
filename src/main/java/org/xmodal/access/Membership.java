package org.xmodal.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/** A user's role in a project. */
@Entity
@Table(name = "project_member")
@IdClass(Membership.Key.class)
public class Membership extends PanacheEntityBase {
    @Id
    @Column(name = "project_id")
    public Long projectId;
    @Id
    @Column(name = "user_id")
    public Long userId;
    public String role;

    public record Key(Long projectId, Long userId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    public Role role() {
        return Role.parse(role);
    }

    public static Optional<Membership> of(long projectId, long userId) {
        return find("projectId = ?1 and userId = ?2", projectId, userId).firstResultOptional();
    }

    public static List<Membership> ofUser(long userId) {
        return list("userId", userId);
    }

    public static List<Membership> ofProject(long projectId) {
        return list("projectId = ?1 order by userId", projectId);
    }
}
