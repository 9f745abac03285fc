package org.xmodal.sweep;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One execution of an experiment version. */
@Entity
@Table(name = "sweep")
public class Sweep extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "experiment_version_id")
    public Long experimentVersionId;
    public String state;
    @Column(name = "cancel_requested")
    public boolean cancelRequested;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
}
