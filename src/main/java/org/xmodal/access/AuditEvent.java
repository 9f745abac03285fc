package org.xmodal.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One line of the audit log: who did what, to which project and target, when, from where, and how it ended. */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Instant at;
    @Column(name = "user_id")
    public Long userId;
    public String actor;
    public String action;
    @Column(name = "project_id")
    public Long projectId;
    public String target = "";
    public int status;
    public String address;
    public String via;

    /** Failed logins for {@code actor} (or from {@code address}) since {@code since}: what login throttling counts. */
    public static long failedLogins(String actor, String address, Instant since) {
        return actor != null
                ? count("action = 'login.failed' and at >= ?1 and actor = ?2", since, actor)
                : count("action = 'login.failed' and at >= ?1 and address = ?2", since, address);
    }
}
