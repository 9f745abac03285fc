package org.xmodal.experiment;

import java.time.Instant;
import java.util.List;

/** An experiment as the API shows it: one version's definition and the numbers of all its versions. */
public record ExperimentResponse(long id, String name, String project, boolean archived, Instant createdAt, int version,
                                 long versionId, Instant versionCreatedAt, List<Integer> versions,
                                 ExperimentDefinition definition) {
}
