package org.xmodal.queue;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
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

    private static final Pattern DEVICE = Pattern.compile("cpu|auto|gpu|cuda|(gpu|cuda):\\d+");

    public DeviceSlots(XmodalConfig config) {
        this.devices = parse(config.worker().devices());
        this.free = new LinkedBlockingQueue<>(devices);
    }

    /** {@code cpu}, {@code auto}, {@code gpu:0}; a bare number after a GPU continues it ({@code gpu:0,1} = gpu:0, gpu:1). */
    static List<String> parse(List<String> entries) {
        List<String> devices = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            String previous = devices.isEmpty() ? "" : devices.get(devices.size() - 1);
            if (entry.matches("\\d+") && previous.matches("(gpu|cuda):\\d+")) {
                entry = previous.substring(0, previous.indexOf(':') + 1) + entry;
            }
            if (!DEVICE.matcher(entry).matches()) {
                throw new IllegalArgumentException("xmodal.worker.devices: '" + raw.trim()
                        + "' is not a device; expected cpu, auto, gpu, gpu:N (e.g. gpu:0,1)");
            }
            if (devices.contains(entry)) {
                throw new IllegalArgumentException("xmodal.worker.devices: " + entry + " is listed twice");
            }
            devices.add(entry);
        }
        return List.copyOf(devices);
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
