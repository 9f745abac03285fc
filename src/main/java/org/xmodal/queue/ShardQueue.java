package org.xmodal.queue;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Puts shards on Quartz's clustered JDBC job store: one job per shard attempt, which asks for recovery so that
 * the shards of a node that dies are run again by another. Scheduling joins the caller's transaction. A job's
 * name carries the attempt it was queued for ({@code attempt-N.<nonce>}: a shard may be queued twice for one
 * attempt, by a retry and by the reaper, and a claim lets only one of them run it).
 */
@ApplicationScoped
public class ShardQueue {
    private static final AtomicLong NONCE = new AtomicLong(System.currentTimeMillis());
    private final Scheduler quartz;

    public ShardQueue(Scheduler quartz) {
        this.quartz = quartz;
    }

    /** Enqueues attempt {@code attempt} of a shard to start at {@code at}; Quartz priority is the experiment's. */
    public void enqueue(long shardId, int attempt, int priority, Instant at) {
        JobKey key = JobKey.jobKey("attempt-" + attempt + "." + Long.toString(NONCE.incrementAndGet(), 36), group(shardId));
        JobDetail job = JobBuilder.newJob(ShardJob.class)
                .withIdentity(key)
                .usingJobData(ShardJob.SHARD, Long.toString(shardId))
                .requestRecovery(true)
                .build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(key.getName(), key.getGroup())
                .forJob(job)
                .withPriority(priority)
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            quartz.scheduleJob(job, trigger);
        } catch (SchedulerException e) {
            throw new XmodalException(ErrorCode.UNAVAILABLE, "cannot enqueue shard " + shardId + ": " + e.getMessage(), e);
        }
    }

    /** Removes a shard's jobs that have not started; a running attempt notices cancellation by itself. */
    public void remove(long shardId) {
        try {
            for (JobKey key : quartz.getJobKeys(GroupMatcher.jobGroupEquals(group(shardId)))) {
                try {
                    quartz.deleteJob(key);
                } catch (SchedulerException e) {
                    if (quartz.checkExists(key)) {
                        throw e;
                    } // it fired and ended meanwhile: nothing is left to remove, and its attempt sees the cancel
                }
            }
        } catch (SchedulerException e) {
            throw new XmodalException(ErrorCode.UNAVAILABLE, "cannot dequeue shard " + shardId + ": " + e.getMessage(), e);
        }
    }

    /** Whether a shard has a job in the store (waiting or firing). */
    public boolean queued(long shardId) {
        try {
            return !quartz.getJobKeys(GroupMatcher.jobGroupEquals(group(shardId))).isEmpty();
        } catch (SchedulerException e) {
            throw new XmodalException(ErrorCode.UNAVAILABLE, "cannot read the queue of shard " + shardId + ": " + e.getMessage(), e);
        }
    }

    /** The attempt a job was queued for, from its name. */
    public static int attemptOf(JobKey key) {
        String name = key.getName();
        int dot = name.indexOf('.');
        return Integer.parseInt(name.substring("attempt-".length(), dot < 0 ? name.length() : dot));
    }

    /** This node stops taking jobs (it is stopping); the jobs stay in the store for the other nodes. */
    public void stopTaking() {
        try {
            if (quartz.isStarted() && !quartz.isShutdown()) {
                quartz.standby();
            }
        } catch (SchedulerException e) {
            throw new XmodalException(ErrorCode.UNAVAILABLE, "cannot put the scheduler in standby: " + e.getMessage(), e);
        }
    }

    private static String group(long shardId) {
        return "shard-" + shardId;
    }
}
