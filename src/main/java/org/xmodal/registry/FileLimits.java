package org.xmodal.registry;

import java.util.Locale;
import org.xmodal.data.FileKind;
import org.xmodal.platform.XmodalConfig;

/** The largest file of each kind a registration opens, checked before a byte is read. */
public record FileLimits(long manifest, long text, long features, long model) {

    static FileLimits of(XmodalConfig.Registry config) {
        return new FileLimits(config.maxManifestSize().asLongValue(), config.maxTextSize().asLongValue(),
                config.maxFeaturesSize().asLongValue(), config.maxModelSize().asLongValue());
    }

    long of(FileKind kind) {
        return switch (kind) {
            case MANIFEST -> manifest;
            case TEXT -> text;
            case FEATURES -> features;
            case MODEL -> model;
        };
    }

    /** How the limit reads in an error: "the limit for text files is 16 MiB". */
    String describe(FileKind kind) {
        return "the limit for " + kind.name().toLowerCase(Locale.ROOT) + " files is " + mebibytes(of(kind));
    }

    static String mebibytes(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
