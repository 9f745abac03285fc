package org.xmodal.experiment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.xmodal.platform.MultiLine;

/**
 * An experiment as submitted over the API or from a YAML/JSON file. Leaving {@code directions} out means both;
 * leaving {@code conditions} out means the paper's full sweep of each direction; an empty list is an error. Leaving
 * {@code project} out means the caller's only writable project ({@code default} on a personal node).
 */
public record ExperimentRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 200) String dataset,
        @NotNull @NotEmpty @Size(max = 64) List<@NotBlank String> models,
        @Size(min = 1, max = 2, message = "list vis4lang and/or lang4vis, or leave the field out for both") List<String> directions,
        @Size(min = 1, max = 64, message = "list at least one condition, or leave the field out for the full sweep") List<String> conditions,
        @Valid Options options,
        @Size(max = 64) String project) {

    /** How the sweep runs; every field is optional. */
    public record Options(
            @Min(value = 1, message = "must be at least 1") @Max(value = 4096, message = "must be at most 4096") Integer batchSize,
            @Pattern(regexp = "fp32", message = "only fp32 is supported: the model contract is float32") String precision,
            @Min(value = 0, message = "must be at least 0") Integer subsetFrom,
            @Min(value = 1, message = "must be at least 1") Integer subsetTo,
            @Min(value = 1, message = "must be at least 1") @Max(value = 1_000_000, message = "must be at most 1000000") Integer shardSize,
            @Min(value = 0, message = "must be between 0 and 9") @Max(value = 9, message = "must be between 0 and 9") Integer priority,
            @Size(max = 32) List<@NotBlank @Size(max = 64) String> tags,
            @Size(max = 10_000) @MultiLine String notes,
            @Pattern(regexp = "auto|paper|exact|fast", message = "must be auto, paper, exact or fast") String batching,
            @Pattern(regexp = "error|skip", message = "must be error or skip") String untargeted) {
    }
}
