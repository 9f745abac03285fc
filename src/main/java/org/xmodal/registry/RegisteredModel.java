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

/** A registered model: its metadata file, TorchScript and tokenizer checksums at registration, its contract metadata. */
@Entity
@Table(name = "model")
public class RegisteredModel extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    @Column(name = "project_id")
    public Long projectId;
    /** The metadata file {@code <name>.json}, as resolved inside a registry root. */
    public String path;
    public String sha256;
    @Column(name = "tokenizer_path")
    public String tokenizerPath;
    @Column(name = "tokenizer_sha256")
    public String tokenizerSha256;
    public String family;
    @Column(name = "global_image")
    public String globalImage;
    @Column(name = "feature_size")
    public int featureSize;
    @Column(name = "num_locations")
    public int numLocations;
    @Column(name = "num_classes")
    public int numClasses;
    @Column(name = "vocab_size")
    public int vocabSize;
    @Column(name = "text_only")
    public boolean textOnly;
    /** Its outputs for one example depend on the rest of the batch (metadata {@code batchDependent}). */
    @Column(name = "batch_dependent")
    public boolean batchDependent;
    /** The seed group from its metadata ({@code group}); null: grouped by the naming rule, if at all. */
    @Column(name = "seed_group")
    public String seedGroup;
    @Column(name = "registered_at")
    public Instant registeredAt;

    public static Optional<RegisteredModel> byName(String name) {
        return find("name", name).firstResultOptional();
    }
}
