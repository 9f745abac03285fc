package org.xmodal.evaluation;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/** Parses a device name ({@code cpu}, {@code gpu}, {@code gpu:1}, {@code auto}) into a DJL device. */
public final class DeviceSpec {
    private DeviceSpec() {
    }

    public static Device parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        if (name.equals("auto")) {
            return gpuCount() > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        if (name.equals("gpu") || name.equals("cuda")) {
            return requireGpu(0);
        }
        if (name.startsWith("gpu:") || name.startsWith("cuda:")) {
            try {
                return requireGpu(Integer.parseInt(name.substring(name.indexOf(':') + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device '" + text + "': the GPU index is not a number");
            }
        }
        throw new IllegalArgumentException("unknown device '" + text + "'; expected cpu, gpu, gpu:N or auto");
    }

    /** The GPUs the PyTorch engine sees; starting the engine is where a broken libtorch shows up. */
    static int gpuCount() {
        try {
            return Engine.getEngine("PyTorch").getGpuCount();
        } catch (RuntimeException e) {
            throw new XmodalException(ErrorCode.MODEL_LOAD_FAILED, "the PyTorch engine could not start: "
                    + LoadedModel.firstLine(e.getMessage())
                    + " (check PYTORCH_LIBRARY_PATH / the pytorch-native jar on the classpath)", e);
        }
    }

    private static Device requireGpu(int index) {
        int available = gpuCount();
        if (index < 0 || index >= available) {
            throw new IllegalArgumentException("device gpu:" + index + " is not available: this PyTorch engine sees "
                    + available + " GPU(s)" + (available == 0 ? " (CPU-only libtorch, or no CUDA device)" : ""));
        }
        return Device.gpu(index);
    }
}
