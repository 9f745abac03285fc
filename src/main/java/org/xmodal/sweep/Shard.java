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

/** A contiguous range [firstExample, endExample) of a run; {@link #examplesDone} are committed, a re-run resumes after them. */
@Entity
@Table(name = "shard")
public class Shard extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "run_id")
    public Long runId;
    @Column(name = "first_example")
    public int firstExample;
    @Column(name = "end_example")
    public int endExample;
    public String state;
    /** The attempt number: grows with every claim and fences every commit of the attempt holding it. */
    public int attempts;
    /** {@link #attempts} at the last manual retry: the retry budget counts the attempts after it. */
    @Column(name = "retry_base")
    public int retryBase;
    @Column(name = "examples_done")
    public int examplesDone;
    public String worker;
    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    public String error;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;

    public int size() {
        return endExample - firstExample;
    }

    /** Attempts made since the shard was submitted or last retried by hand. */
    public int attemptsSinceRetry() {
        return attempts - retryBase;
    }

    /** Whether its lease (the worker's last heartbeat) is older than {@code timeout} at {@code now}. */
    public boolean leaseExpired(Instant now, java.time.Duration timeout) {
        return heartbeatAt == null || heartbeatAt.plus(timeout).isBefore(now);
    }

    public static List<Shard> ofRun(long runId) {
        return list("runId = ?1 order by firstExample", runId);
    }

    /** A run's shards, locked for update and read after any chunk commit in flight: changing them loses no progress. */
    public static List<Shard> ofRunLocked(long runId) {
        return find("runId = ?1 order by firstExample", runId).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).list();
    }

    public static List<Shard> ofSweep(long sweepId) {
        return list("runId in (select r.id from Run r where r.sweepId = ?1) order by runId, firstExample", sweepId);
    }
}
