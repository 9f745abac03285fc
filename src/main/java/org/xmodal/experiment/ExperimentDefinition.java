package org.xmodal.experiment;

import java.util.List;
import java.util.Map;

/**
 * The normalised definition of an experiment version, as stored and shown: every default filled in, the
 * directions in evaluation order with each one's conditions, the dataset pinned by its content hash.
 */
public record ExperimentDefinition(String name, String dataset, String datasetHash, List<String> models,
                                   List<String> directions, Map<String, List<String>> conditions, int batchSize, String precision,
                                   int subsetFrom, int subsetTo, int shardSize, int priority, List<String> tags,
                                   String notes, String batching, String untargeted) {

    /** Versions stored before batching and untargeted existed read as their defaults. */
    public ExperimentDefinition {
        batching = batching == null ? "auto" : batching;
        untargeted = untargeted == null ? "error" : untargeted;
    }
}
