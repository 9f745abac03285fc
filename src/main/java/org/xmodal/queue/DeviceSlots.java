package org.xmodal.queue;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.xmodal.platform.XmodalConfig;

/**
 * Binds worker threads to devices: Quartz runs one thread per configured device, and each job borrows the
 * device no other job holds. {@code cpu}, {@code gpu:0}, {@code auto} are passed on to the engine as they are.
 */
@ApplicationScoped
public class DeviceSlots {
    private final List<String> devices;
    private final BlockingQueue<String> free;

    public DeviceSlots(XmodalConfig config) {
        this.devices = config.worker().devices().stream().map(String::trim).filter(d -> !d.isEmpty()).toList();
        this.free = new LinkedBlockingQueue<>(devices);
    }

    public List<String> devices() {
        return devices;
    }

    /** A free device; waits while all are busy (only if Quartz has more threads than devices). */
    public String acquire() throws InterruptedException {
        String device = free.poll(1, TimeUnit.DAYS);
        if (device == null) {
            throw new IllegalStateException("no device became free");
        }
        return device;
    }

    public void release(String device) {
        free.add(device);
    }
}
