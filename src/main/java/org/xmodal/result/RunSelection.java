package org.xmodal.result;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.xmodal.access.AccessService;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;
import org.xmodal.result.ResultQueries.RunInfo;

/** The runs a comparison names ({@code runs=1,2} and every run of {@code sweeps=3,4}), each readable by the caller. */
@ApplicationScoped
public class RunSelection {
    private final ResultQueries queries;
    private final XmodalConfig config;
    private final AccessService access;

    public RunSelection(ResultQueries queries, XmodalConfig config, AccessService access) {
        this.queries = queries;
        this.config = config;
        this.access = access;
    }

    public List<RunInfo> select(String runs, String sweeps) {
        List<Long> ids = new ArrayList<>(ids("runs", runs));
        for (long sweep : ids("sweeps", sweeps)) {
            ids.addAll(queries.runsOfSweep(sweep));
        }
        if (ids.isEmpty()) {
            throw XmodalException.invalidField("runs", "name at least one run (runs=1,2) or sweep (sweeps=3)");
        }
        if (ids.size() > config.api().maxPageSize()) {
            throw XmodalException.invalidField("runs", "at most " + config.api().maxPageSize() + " runs can be compared at once");
        }
        List<Long> distinct = ids.stream().distinct().toList();
        access.requireReadableRuns(distinct);
        List<RunInfo> found = queries.runs(distinct);
        if (found.size() != distinct.size()) {
            throw XmodalException.notFound("run " + distinct.stream().filter(i -> found.stream().noneMatch(r -> r.id() == i))
                    .findFirst().orElseThrow());
        }
        return found;
    }

    private static List<Long> ids(String field, String list) {
        List<Long> ids = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return ids;
        }
        for (String part : list.split(",")) {
            try {
                ids.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw XmodalException.invalidField(field, "'" + part.trim() + "' is not a number");
            }
        }
        return ids;
    }
}
