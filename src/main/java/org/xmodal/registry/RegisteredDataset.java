package org.xmodal.registry;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** A registered evaluation set, versioned by the hash of its files. */
@Entity
@Table(name = "dataset")
public class RegisteredDataset extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    @Column(name = "project_id")
    public Long projectId;
    /** The dataset folder (holds dataset.json), as resolved inside a registry root. */
    public String path;
    @Column(name = "content_hash")
    public String contentHash;
    public int examples;
    public int images;
    public int regions;
    @Column(name = "feature_size")
    public int featureSize;
    @Column(name = "num_classes")
    public int numClasses;
    @Column(name = "max_seq_length")
    public int maxSeqLength;
    @Column(name = "registered_at")
    public Instant registeredAt;

    /** The newest registration under this name. */
    public static Optional<RegisteredDataset> latestByName(long projectId, String name) {
        return find("projectId = ?1 and name = ?2 order by id desc", projectId, name).firstResultOptional();
    }

    public static Optional<RegisteredDataset> byNameAndHash(long projectId, String name, String contentHash) {
        return find("projectId = ?1 and name = ?2 and contentHash = ?3", projectId, name, contentHash).firstResultOptional();
    }
}
