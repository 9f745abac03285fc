package org.xmodal.attributes;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xmodal.access.Level;
import org.xmodal.access.Rule;
import org.xmodal.access.Target;
import org.xmodal.data.Dataset;
import org.xmodal.evaluation.EngineCache;
import org.xmodal.platform.XmodalException;
import org.xmodal.registry.RegisteredDataset;
import org.xmodal.registry.RegistryService;

/**
 * A dataset's example attributes: listed with their values and example counts, and imported from a TSV
 * ({@link AttributeTable}). Importing an attribute replaces all its earlier values; a {@code label} column also
 * (re)computes {@code labelmatch-agree}. A file with any fault stores nothing.
 */
@Path("/api/datasets/{id}/attributes")
public class AttributeResource {
    private final AttributeStore store;
    private final EngineCache engines;
    private final RegistryService registry;

    public AttributeResource(AttributeStore store, EngineCache engines, RegistryService registry) {
        this.store = store;
        this.engines = engines;
        this.registry = registry;
    }

    /** What an import stored: each attribute it replaced, with its values. */
    public record ImportResponse(long datasetId, String dataset, List<AttributeStore.Attribute> attributes) {
    }

    @GET
    @Rule(value = Level.READ, target = Target.DATASET)
    public List<AttributeStore.Attribute> list(@PathParam("id") long id) {
        RegisteredDataset dataset = dataset(id);
        if (!store.names(id).contains(AttributeTable.PHRASE_TYPE)) {
            store.storePhraseTypes(id, open(dataset).entries());
        }
        return store.attributes(id);
    }

    /** The TSV as the body ({@code text/tab-separated-values}), or as JSON {@code {"tsv": "…"}}. */
    @POST
    @Consumes({"text/tab-separated-values", "application/json"})
    @Rule(value = Level.WRITE, target = Target.DATASET, audit = "dataset.attributes")
    public ImportResponse importTsv(@PathParam("id") long id, @HeaderParam("Content-Type") String type, String body) {
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            body = tsvOf(body);
        }
        RegisteredDataset registered = dataset(id);
        Dataset dataset = open(registered);
        AttributeTable table = AttributeTable.parse(body, dataset.entries(), dataset.classNames());
        Map<String, List<AttributeTable.Value>> values = new LinkedHashMap<>(table.values());
        int[] labels = table.labels(dataset.classNames(), dataset.entries().size());
        if (labels != null) {
            values.put(AttributeTable.LABELMATCH_AGREE, LabelMatch.agreement(dataset, labels));
        }
        store.storePhraseTypes(id, dataset.entries());
        store.replace(id, values);
        return new ImportResponse(id, registered.name, store.attributes(id).stream()
                .filter(a -> values.containsKey(a.name())).toList());
    }

    private static String tsvOf(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode tsv = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("tsv");
            if (tsv.isTextual()) {
                return tsv.asText();
            }
        } catch (java.io.IOException e) {
            // refused below
        }
        throw XmodalException.invalidField("tsv", "send the attribute file as the body (Content-Type: text/tab-separated-values) "
                + "or as JSON {\"tsv\": \"…\"}");
    }

    private Dataset open(RegisteredDataset dataset) {
        return engines.dataset(java.nio.file.Path.of(dataset.path), () -> registry.gate(dataset.projectId));
    }

    private static RegisteredDataset dataset(long id) {
        RegisteredDataset dataset = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> RegisteredDataset.findById(id));
        if (dataset == null) {
            throw XmodalException.notFound("dataset " + id);
        }
        return dataset;
    }
}
