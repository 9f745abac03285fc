package org.xmodal.published;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.xmodal.published.PublishedResponses.ImportRequest;
import org.xmodal.published.PublishedResponses.TableFile;

/**
 * The paper's own published tables (data/paper/ in the repository, on the classpath under published/paper/), imported
 * when a node starts; later starts, and other nodes of a cluster, find them and change nothing.
 */
@ApplicationScoped
public class PaperTables {
    /** The name the paper's tables are imported under, and the reference a comparison uses by default. */
    public static final String NAME = "frank2021";
    public static final String CITATION = "Frank, Bugliarello & Elliott (2021). Vision-and-Language or Vision-for-Language? "
            + "On Cross-Modal Influence in Multimodal Transformers. EMNLP 2021, arXiv:2109.04448. Mean losses on Flickr30k "
            + "Entities val (14,433 phrases), from e-bug/cross-modal-ablation notebooks/ (MIT License, Copyright (c) 2021 "
            + "Emanuele Bugliarello).";
    static final List<String> FILES = List.of("val_0.5_vis4lang.tsv", "val_0.5_lang4vis.tsv");
    private static final Logger LOG = Logger.getLogger(PaperTables.class);

    void onStart(@Observes StartupEvent event, PublishedService published,
                 @ConfigProperty(name = "xmodal.published.import-paper", defaultValue = "true") boolean importPaper) {
        if (!importPaper) {
            return;
        }
        List<TableFile> files = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = PaperTables.class.getClassLoader().getResourceAsStream("published/paper/" + file)) {
                if (in == null) {
                    LOG.warnf("the paper's table %s is not in this build; published results not imported", file);
                    return;
                }
                files.add(new TableFile(file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                LOG.warnf("cannot read the paper's table %s: %s", file, e.getMessage());
                return;
            }
        }
        try {
            if (published.importTables(new ImportRequest(NAME, CITATION, files)).created()) {
                LOG.infof("imported the paper's published results as %s", NAME);
            }
        } catch (org.xmodal.platform.XmodalException e) {
            LOG.warnf("the paper's published results were not imported: %s", e.getMessage());
        }
    }
}
