package org.xmodal.evaluation;

import ai.djl.Device;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * The devices that a TorchScript archive's code fixes as constants. Tracing records the tracing device of
 * {@code arange}, {@code new_zeros}, {@code ones_like} and the like as {@code torch.device("cpu")}; such a model
 * computes part of its graph on that device wherever it is loaded, so a GPU worker would fail or copy. xmodal's
 * exporters write graphs without them; a model that has them runs only on the device they name.
 */
final class FixedDevices {
    private static final Pattern DEVICE = Pattern.compile("torch\\.device\\(\"([^\"]+)\"\\)");

    private FixedDevices() {
    }

    /** The device names ({@code cpu}, {@code cuda:0}, …) found in the archive's code, sorted; empty for a portable model. */
    static Set<String> in(Path torchScript) {
        Set<String> devices = new TreeSet<>();
        try (ZipFile zip = new ZipFile(torchScript.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().contains("/code/") && entry.getName().endsWith(".py")) {
                    Matcher m = DEVICE.matcher(new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
                    while (m.find()) {
                        devices.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            return devices; // not a zip archive: loading it reports what is wrong
        }
        return devices;
    }

    /** Refuses to run a model whose code fixes a device other than {@code target}, naming what to do instead. */
    static void requireRunnableOn(String model, Set<String> fixed, Device target) {
        for (String name : fixed) {
            if (!asDjl(name).equals(target)) {
                throw new XmodalException(ErrorCode.INCOMPATIBLE, "model " + model + " cannot run on " + target
                        + ": its TorchScript code fixes the device " + fixed + " (traced device constants); export it"
                        + " again with tools/export, which writes device-portable graphs");
            }
        }
    }

    private static Device asDjl(String torchDevice) {
        String[] parts = torchDevice.split(":", 2);
        int index = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return switch (parts[0]) {
            case "cpu" -> Device.cpu();
            case "cuda" -> Device.gpu(index);
            default -> Device.of(parts[0], index);
        };
    }
}
