package org.xmodal.evaluation;

import java.util.Arrays;
import java.util.Locale;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * How examples are grouped into model calls (spec §2.4). Most models give every example the same outputs in any
 * batch; a model whose metadata declares {@code batchDependent} (VOLTA's VL-BERT) does not, so the grouping is part
 * of what is measured.
 * <ul>
 * <li>{@link #PAPER}: one condition at a time, batches of {@value #PAPER_BATCH} consecutive entries of the split,
 * counted from its first entry, as the paper's scripts ran them. Reproduces the published values of batch-dependent
 * models; entries outside the evaluated range or skipped still fill their batch.</li>
 * <li>{@link #EXACT}: every example computed on its own (batch 1 for a batch-dependent model), so its value depends on
 * nothing else.</li>
 * <li>{@link #FAST}: the conditions of several examples mixed in one call; refused for batch-dependent models.</li>
 * <li>{@link #AUTO}: {@code paper} for batch-dependent models, {@code fast} for the others.</li>
 * </ul>
 */
public enum Batching {
    AUTO, PAPER, EXACT, FAST;

    /** The paper's batch size (its task configuration's {@code batch_size}). */
    public static final int PAPER_BATCH = 16;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Batching parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        return Arrays.stream(values()).filter(b -> b.wireName().equals(value.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("batching must be auto, paper, exact or fast, not '" + value + "'"));
    }

    /** The batching a model runs under: {@code auto} resolved, {@code fast} refused for a batch-dependent model. */
    public Batching resolve(ModelMetadata model) {
        if (this == FAST && model.batchDependent()) {
            throw new XmodalException(ErrorCode.INCOMPATIBLE, "model " + model.name() + " is batch-dependent (its metadata says"
                    + " batchDependent: true), so fast batching would change its values; use batching paper (the paper's"
                    + " batches of " + PAPER_BATCH + ") or exact (each example on its own)");
        }
        return forModel(model.batchDependent());
    }

    /** {@code auto} resolved for a model that is, or is not, batch-dependent; any other batching as it is. */
    public Batching forModel(boolean batchDependent) {
        return this != AUTO ? this : batchDependent ? PAPER : FAST;
    }
}
