package org.xmodal.sweep;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The part of a sweep for one model and one direction; results name a condition by its index in {@link #conditions}. */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "sweep_id")
    public Long sweepId;
    @Column(name = "model_id")
    public Long modelId;
    public String direction;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] conditions;
    public String state;
    @Column(name = "examples_total")
    public int examplesTotal;
    public String error;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;

    public static List<Run> ofSweep(long sweepId) {
        return list("sweepId = ?1 order by id", sweepId);
    }
}
