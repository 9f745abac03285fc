package org.xmodal.experiment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A named experiment: a history of immutable versions. */
@Entity
@Table(name = "experiment")
public class Experiment extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    public boolean archived;
    @Column(name = "project_id")
    public Long projectId;
    @Column(name = "created_at")
    public Instant createdAt;
}
