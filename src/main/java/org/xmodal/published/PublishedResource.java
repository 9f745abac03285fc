package org.xmodal.published;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import org.xmodal.access.AccessService;
import org.xmodal.access.Level;
import org.xmodal.access.Rule;
import org.xmodal.platform.XmodalException;
import org.xmodal.published.PublishedResponses.ImportRequest;
import org.xmodal.published.PublishedResponses.PublishedTableResponse;
import org.xmodal.published.PublishedResponses.ReproduceResponse;
import org.xmodal.result.ResultQueries;
import org.xmodal.result.RunSelection;

/** Published tables (node-wide, read-only once imported) and the comparison of runs with one of them. */
@Path("/api")
public class PublishedResource {
    private final PublishedService published;
    private final Reproduction reproduction;
    private final RunSelection selection;
    private final ResultQueries queries;
    private final AccessService access;

    public PublishedResource(PublishedService published, Reproduction reproduction, RunSelection selection,
                             ResultQueries queries, AccessService access) {
        this.published = published;
        this.reproduction = reproduction;
        this.selection = selection;
        this.queries = queries;
        this.access = access;
    }

    /** Every published table's provenance, without rows. */
    @GET
    @Path("/published")
    @Rule(Level.SIGNED_IN)
    public List<PublishedTableResponse> tables() {
        return published.tables();
    }

    /** A published table with its rows and seed groups. */
    @GET
    @Path("/published/{name}")
    @Rule(Level.SIGNED_IN)
    public PublishedTableResponse table(@PathParam("name") String name) {
        return published.table(name).orElseThrow(() -> XmodalException.notFound("published table " + name));
    }

    /** 201 with the new table; 200 when the same files were imported under this name before; 409 for other content. */
    @POST
    @Path("/published")
    @Rule(value = Level.ADMIN, audit = "published.import")
    public Response importTables(@Valid @NotNull ImportRequest request) {
        access.caller().auditTarget("published " + request.name());
        PublishedService.Imported imported = published.importTables(request);
        if (!imported.created()) {
            return Response.ok(imported.table()).build();
        }
        return Response.created(UriBuilder.fromPath("/api/published/{name}").build(imported.table().name()))
                .entity(imported.table()).build();
    }

    /**
     * Runs ({@code runs=1,2} or {@code sweeps=3}) against a published table (default: the paper's), per model and
     * condition, within {@code tolerance} bits or not; {@code map=model=PUBLISHED,...} overrides the matching by name.
     */
    @GET
    @Path("/reproduce")
    @Rule(Level.SIGNED_IN)
    public ReproduceResponse reproduce(@QueryParam("runs") String runs, @QueryParam("sweeps") String sweeps,
                                       @QueryParam("published") String table, @QueryParam("tolerance") String tolerance,
                                       @QueryParam("map") String map) {
        double bits = tolerance(tolerance);
        String name = table == null || table.isBlank() ? PaperTables.NAME : table.strip();
        return reproduction.reproduce(queries.compare(selection.select(runs, sweeps)), name, bits, map);
    }

    private static double tolerance(String text) {
        if (text == null || text.isBlank()) {
            return Reproduction.DEFAULT_TOLERANCE_BITS;
        }
        try {
            double v = Double.parseDouble(text.strip());
            if (Double.isFinite(v) && v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw XmodalException.invalidField("tolerance", "'" + text.strip() + "' is not a number of bits of at least 0");
    }
}
