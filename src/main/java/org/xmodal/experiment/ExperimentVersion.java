package org.xmodal.experiment;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One immutable version of an experiment: the normalised definition plus the columns the platform queries. */
@Entity
@Table(name = "experiment_version")
public class ExperimentVersion extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "experiment_id")
    public Long experimentId;
    public int version;
    @Column(name = "dataset_id")
    public Long datasetId;
    /** The {@link ExperimentDefinition} as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String definition;
    @Column(name = "batch_size")
    public int batchSize;
    /** auto, paper, exact or fast ({@link org.xmodal.evaluation.Batching}). */
    public String batching = "auto";
    /** error or skip ({@link org.xmodal.evaluation.Untargeted}). */
    public String untargeted = "error";
    @Column(name = "shard_size")
    public int shardSize;
    @Column(name = "subset_from")
    public int subsetFrom;
    @Column(name = "subset_to")
    public int subsetTo;
    public int priority;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] tags;
    public String notes;
    @Column(name = "created_at")
    public Instant createdAt;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "experiment_version_model", joinColumns = @JoinColumn(name = "experiment_version_id"))
    @OrderColumn(name = "position")
    @Column(name = "model_id")
    public List<Long> modelIds = new ArrayList<>();

    public static Optional<ExperimentVersion> latest(long experimentId) {
        return find("experimentId = ?1 order by version desc", experimentId).firstResultOptional();
    }

    public static Optional<ExperimentVersion> of(long experimentId, int version) {
        return find("experimentId = ?1 and version = ?2", experimentId, version).firstResultOptional();
    }

    public static List<ExperimentVersion> history(long experimentId) {
        return list("experimentId = ?1 order by version", experimentId);
    }
}
