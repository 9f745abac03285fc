package org.xmodal.queue;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The Quartz job of one shard attempt: a thin adapter that borrows a device and hands the shard to the executor. */
@Dependent
public class ShardJob implements Job {
    static final String SHARD = "shard";
    private static final Logger LOG = Logger.getLogger(ShardJob.class);

    @Inject
    ShardExecutor executor;
    @Inject
    DeviceSlots slots;

    @Override
    public void execute(JobExecutionContext context) {
        String shard = context.getMergedJobDataMap().getString(SHARD);
        String device;
        try {
            device = slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (context.isRecovering()) {
                LOG.infof("shard %s: recovering after its node stopped", shard);
            }
            executor.execute(Long.parseLong(shard), ShardQueue.attemptOf(context.getJobDetail().getKey()), context.isRecovering(), device);
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "shard %s: the executor failed to record a failure", shard);
        } finally {
            slots.release(device);
        }
    }
}
