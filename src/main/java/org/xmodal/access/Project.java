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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The unit of team sharing: experiments, sweeps, models and datasets belong to one project. */
@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {
    /** Where everything lives on a personal node, and what was stored before projects existed. */
    public static final String DEFAULT = "default";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    public String description = "";
    /** Folders this project's registrations must resolve inside; empty: the node's configured roots. */
    @Column(name = "registry_roots")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] registryRoots = new String[0];
    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<Project> byName(String name) {
        return find("name", name).firstResultOptional();
    }
}
