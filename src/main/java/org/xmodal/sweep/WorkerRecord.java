package org.xmodal.sweep;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A worker thread as last seen: node, device, the shard it runs, its last heartbeat. */
@Entity
@Table(name = "worker")
public class WorkerRecord extends PanacheEntityBase {
    @EmbeddedId
    public Key key;
    @Column(name = "shard_id")
    public Long shardId;
    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Embeddable
    public record Key(String node, String device) implements Serializable {
    }
}
