package org.xmodal.published;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.xmodal.platform.MultiLine;
import org.xmodal.result.ResultResponses.SeedGroupRow;

/** API records of published results and of the comparison with them. Values are bits. */
public final class PublishedResponses {
    private PublishedResponses() {
    }

    /** One file of a published table: its name (for errors and provenance) and its tab-separated text. */
    public record TableFile(@NotBlank @Size(max = 200) String file, @NotNull @MultiLine String content) {
    }

    /** Import published tables under {@code name}, with the citation they are reported under. */
    public record ImportRequest(@NotBlank @Size(max = 64) String name, @NotBlank @Size(max = 2000) String citation,
                                @NotEmpty @Size(max = 16) List<@Valid @NotNull TableFile> tables) {
    }

    /**
     * A published table: provenance and, for a single table, its rows and seed groups. {@code meansOnly} is always
     * true: a published table has no per-example rows, so no spread over examples and no intervals.
     */
    public record PublishedTableResponse(long id, String name, String citation, List<String> sources, String sha256,
                                         Instant importedAt, boolean meansOnly, long rowCount, List<PublishedRow> rows,
                                         List<SeedGroupRow> groups) {
    }

    /** How one of this platform's models was matched to a published model: explicit, name, family, or null (not matched). */
    public record ModelMatch(String model, String publishedModel, String matchedBy) {
    }

    /**
     * One metric under one condition: the published mean, this platform's mean and their difference (xmodal − published),
     * {@code within} the tolerance or not; null where the two are not comparable ({@code caveat} says why).
     */
    public record ReproduceRow(String model, long runId, long sweepId, String publishedModel, String direction,
                               String condition, String metric, double publishedBits, double measuredBits,
                               double differenceBits, Boolean within, String caveat) {
    }

    /** A run set against a published table, with the tolerance in bits and a count of rows within and beyond it. */
    public record ReproduceResponse(String published, String citation, String dataset, List<Long> runs, double toleranceBits,
                                    List<ModelMatch> models, List<ReproduceRow> rows, long within, long beyond) {
    }
}
