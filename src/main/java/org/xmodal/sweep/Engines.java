package org.xmodal.sweep;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.xmodal.evaluation.EngineCache;
import org.xmodal.platform.XmodalConfig;

/** The node's one cache of loaded models, datasets and tokenizers, shared by the worker and the results API. */
@ApplicationScoped
public class Engines {
    private final EngineCache cache;

    public Engines(XmodalConfig config) {
        this.cache = new EngineCache(config.worker().modelCache());
    }

    @Produces
    @Singleton
    EngineCache cache() {
        return cache;
    }

    @PreDestroy
    void close() {
        cache.close();
    }
}
