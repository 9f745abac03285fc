package org.xmodal.sweep;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.queue.DeviceSlots;
import org.xmodal.queue.ShardQueue;

/**
 * This node as a worker: its name, a heartbeat per device in the {@code worker} table while it lives, which also
 * renews the leases of the shards it runs; and its orderly stop, which hands those shards back.
 */
@ApplicationScoped
public class WorkerNode {
    private static final Logger LOG = Logger.getLogger(WorkerNode.class);
    private static final java.time.Duration QUIET = java.time.Duration.ofMillis(750);
    private final String name;
    private final XmodalConfig config;
    private final DeviceSlots slots;
    private final EntityManager em;
    private final Clock clock;
    private final Leases leases;
    private final ShardQueue queue;
    private volatile boolean heartbeatFailing;
    private ScheduledExecutorService heartbeat;

    public WorkerNode(XmodalConfig config, DeviceSlots slots, EntityManager em, Clock clock, Leases leases, ShardQueue queue) {
        this.config = config;
        this.slots = slots;
        this.em = em;
        this.clock = clock;
        this.leases = leases;
        this.queue = queue;
        this.name = config.nodeName().orElseGet(WorkerNode::defaultName);
    }

    public String name() {
        return name;
    }

    public boolean executes() {
        return config.worker().enabled() && !slots.devices().isEmpty();
    }

    void start(@Observes StartupEvent event) {
        if (!executes()) {
            LOG.infof("node %s is API-only: it enqueues shards but never executes them", name);
            return;
        }
        slots.devices().forEach(d -> beat(d, null, false));
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xmodal-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = config.worker().heartbeat().toMillis();
        heartbeat.scheduleAtFixedRate(this::beatAll, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("node %s executes shards on %s", name, slots.devices());
    }

    /**
     * Stops in order: no new shard is taken, each shard in flight commits its chunk and is handed back to the queue
     * for another node, within the shutdown grace; then the heartbeat ends and the node's worker rows go.
     */
    void stop(@Observes ShutdownEvent event) {
        if (heartbeat == null) {
            return;
        }
        Instant deadline = clock.instant().plus(config.worker().shutdownGrace());
        leases.drainUntil(deadline);
        try {
            queue.stopTaking();
        } catch (RuntimeException e) {
            LOG.warnf("node %s: %s", name, e.getMessage());
        }
        if (leases.executing() > 0) {
            LOG.infof("node %s is stopping: waiting for %d shard(s) to commit their chunk", name, leases.executing());
        }
        awaitQuiet(deadline);
        if (leases.executing() > 0) {
            LOG.warnf("node %s: %d shard(s) still running after the %s grace; their leases will expire and the reaper "
                    + "queues them again", name, leases.executing(), config.worker().shutdownGrace());
        }
        heartbeat.shutdownNow();
        try {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM worker WHERE node = ?1")
                    .setParameter(1, name).executeUpdate());
        } catch (RuntimeException e) {
            LOG.debugf("node %s: cannot remove its worker rows: %s", name, e.getMessage());
        }
    }

    /**
     * Waits until no shard job has executed for a moment: the scheduler may have fired one more job just before it
     * went to standby, and that job hands its shard back too.
     */
    private void awaitQuiet(Instant deadline) {
        Instant quietSince = null;
        while (clock.instant().isBefore(deadline)) {
            if (leases.executing() > 0) {
                quietSince = null;
            } else if (quietSince == null) {
                quietSince = clock.instant();
            } else if (!clock.instant().isBefore(quietSince.plus(QUIET))) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Records that {@code device} now runs {@code shardId} (or nothing, when null). */
    public void beat(String device, Long shardId, boolean keepShard) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        INSERT INTO worker (node, device, shard_id, heartbeat_at) VALUES (?1, ?2, CAST(?3 AS BIGINT), ?4)
                        ON CONFLICT (node, device) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at,
                            shard_id = CASE WHEN CAST(?5 AS BOOLEAN) THEN worker.shard_id ELSE EXCLUDED.shard_id END""")
                .setParameter(1, name).setParameter(2, device).setParameter(3, shardId)
                .setParameter(4, Timestamp.from(clock.instant())).setParameter(5, keepShard)
                .executeUpdate());
    }

    private void beatAll() {
        try {
            slots.devices().forEach(d -> beat(d, null, true));
            leases.renewAll();
            if (heartbeatFailing) {
                heartbeatFailing = false;
                LOG.infof("heartbeat of node %s works again", name);
            }
        } catch (RuntimeException e) {
            if (!heartbeatFailing) {
                heartbeatFailing = true;
                LOG.warnf("heartbeat of node %s failed: %s", name, Leases.rootMessage(e));
            }
        }
    }

    private static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
