package org.xmodal.result;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import org.xmodal.access.Level;
import org.xmodal.attributes.Restriction;
import org.xmodal.attributes.RowExport;
import org.xmodal.attributes.SubsetQueries;
import org.xmodal.access.Rule;
import org.xmodal.access.Target;
import org.xmodal.platform.Page;
import org.xmodal.platform.PageRequest;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;
import org.xmodal.published.ComparisonGroups;
import org.xmodal.result.ResultQueries.RunInfo;

/**
 * Results: a run's table, its examples (paged), comparisons across runs, and exports as CSV or TSV. Tables and exports
 * take {@code subset=name:value} (repeatable) and {@code by=name} to cover a subset of examples or split by an attribute.
 */
@Path("/api")
public class ResultResource {
    private final ResultQueries queries;
    private final ExampleService examples;
    private final ResultExport export;
    private final XmodalConfig config;
    private final SubsetQueries subsets;
    private final RowExport rowExport;
    private final RunSelection selection;
    private final ComparisonGroups groups;

    public ResultResource(ResultQueries queries, ExampleService examples, ResultExport export, XmodalConfig config,
                          SubsetQueries subsets, RowExport rowExport, RunSelection selection, ComparisonGroups groups) {
        this.subsets = subsets;
        this.rowExport = rowExport;
        this.selection = selection;
        this.groups = groups;
        this.queries = queries;
        this.examples = examples;
        this.export = export;
        this.config = config;
    }

    @GET
    @Path("/runs/{id}/summary")
    @Rule(value = Level.READ, target = Target.RUN)
    public ResultResponses.RunSummaryResponse summary(@PathParam("id") long id, @QueryParam("subset") List<String> subset,
                                                      @QueryParam("by") String by) {
        Restriction restriction = Restriction.parse(subset, by);
        RunInfo run = run(id);
        if (restriction.isNone()) {
            return queries.summary(run);
        }
        return new ResultResponses.RunSummaryResponse(run.id(), run.sweepId(), run.model(), run.direction(), run.state(),
                !"succeeded".equals(run.state()), subsets.rows(List.of(run), restriction),
                queries.skippedCount(run.id()), null, subsets.describe(run, restriction));
    }

    @GET
    @Path("/runs/{id}/examples")
    @Rule(value = Level.READ, target = Target.RUN)
    public Page<ResultResponses.ExampleResponse> examples(@PathParam("id") long id, @QueryParam("sort") String sort,
                                                          @QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest request = PageRequest.parse(page, size, 50, config.api().maxPageSize());
        return examples.examples(run(id), sort, request);
    }

    @GET
    @Path("/runs/{id}/skipped")
    @Rule(value = Level.READ, target = Target.RUN)
    public Page<ResultResponses.SkippedResponse> skipped(@PathParam("id") long id, @QueryParam("page") String page,
                                                         @QueryParam("size") String size) {
        return queries.skipped(run(id).id(), PageRequest.parse(page, size, 50, config.api().maxPageSize()));
    }

    @GET
    @Path("/runs/{id}/results.{format:csv|tsv}")
    @Rule(value = Level.READ, target = Target.RUN)
    @Produces({"text/csv", "text/tab-separated-values"})
    public Response exportRun(@PathParam("id") long id, @PathParam("format") String format,
                              @QueryParam("subset") List<String> subset, @QueryParam("by") String by) {
        RunInfo run = run(id);
        Restriction restriction = Restriction.parse(subset, by);
        subsets.validate(List.of(run), restriction);
        StreamingOutput body = restriction.isNone() ? out -> export.run(run, format, out) : out -> rowExport.run(run, restriction, format, out);
        return file(body, format, "run-" + id);
    }

    /** Runs side by side: {@code runs=1,2,3} or every run of {@code sweeps=4,5}. */
    @GET
    @Path("/compare")
    @Rule(Level.SIGNED_IN)
    public ResultResponses.ComparisonResponse compare(@QueryParam("runs") String runs, @QueryParam("sweeps") String sweeps,
                                                      @QueryParam("subset") List<String> subset, @QueryParam("by") String by) {
        return groups.attach(comparison(selected(runs, sweeps), Restriction.parse(subset, by)));
    }

    /** The comparison of {@code runs}, from their aggregates, or recomputed from their rows under a restriction. */
    private ResultResponses.ComparisonResponse comparison(List<RunInfo> runs, Restriction restriction) {
        ResultResponses.ComparisonResponse all = queries.compare(runs);
        if (restriction.isNone()) {
            return all;
        }
        return new ResultResponses.ComparisonResponse(all.dataset(), all.runs(), subsets.rows(runs, restriction), null,
                subsets.describe(runs.isEmpty() ? null : runs.get(0), restriction));
    }

    @GET
    @Path("/compare.{format:csv|tsv}")
    @Rule(Level.SIGNED_IN)
    @Produces({"text/csv", "text/tab-separated-values"})
    public Response exportComparison(@PathParam("format") String format, @QueryParam("runs") String runs,
                                     @QueryParam("sweeps") String sweeps, @QueryParam("subset") List<String> subset,
                                     @QueryParam("by") String by) {
        ResultResponses.ComparisonResponse comparison = comparison(selected(runs, sweeps), Restriction.parse(subset, by));
        return file(out -> export.comparison(comparison, format, out), format, "comparison");
    }

    /** The comparison as a LaTeX (booktabs) or Markdown table, with intervals, n and Holm's p. */
    @GET
    @Path("/compare.{format:tex|md}")
    @Rule(Level.SIGNED_IN)
    @Produces({"application/x-tex", "text/markdown"})
    public Response paperTable(@PathParam("format") String format, @QueryParam("runs") String runs,
                               @QueryParam("sweeps") String sweeps) {
        ResultResponses.ComparisonResponse comparison = queries.compare(selected(runs, sweeps));
        StreamingOutput body = out -> org.xmodal.analysis.PaperTables.write(comparison, format, out);
        return Response.ok(body, org.xmodal.analysis.PaperTables.mediaType(format))
                .header("Content-Disposition", "attachment; filename=\"comparison." + format + "\"").build();
    }

    private List<RunInfo> selected(String runs, String sweeps) {
        return selection.select(runs, sweeps);
    }

    private RunInfo run(long id) {
        return queries.runs(List.of(id)).stream().findFirst().orElseThrow(() -> XmodalException.notFound("run " + id));
    }

    private static Response file(StreamingOutput body, String format, String name) {
        return Response.ok(body, format.equals("csv") ? "text/csv" : "text/tab-separated-values")
                .header("Content-Disposition", "attachment; filename=\"" + name + "." + format + "\"").build();
    }
}
