package org.xmodal.chaos;

import java.time.Duration;
import java.util.List;

/**
 * What one fault did to its sweep. Figures are null where they could not be measured (the sweep did not end,
 * a shard never committed again).
 *
 * @param recovery see {@link Recovery}; for the model fault, from the file's replacement to the sweep's failure
 * @param toEnd    from the end of the fault to the end of the sweep
 */
record Outcome(Fault fault, int repetition, String detail, String victim, long sweepId, Duration recovery, Duration toEnd,
               Integer redone, Long lost, Long duplicated, List<String> problems) {

    boolean passed() {
        return problems.isEmpty();
    }

    /** A fault that could not be injected or measured at all. */
    static Outcome failed(Fault fault, int repetition, long sweepId, List<String> problems) {
        return new Outcome(fault, repetition, "", null, sweepId, null, null, null, null, null, List.copyOf(problems));
    }
}
