package org.xmodal.registry;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import org.xmodal.platform.XmodalConfig;

/** Registers the bundled demo corpus and reference models when the application starts (once; later starts find them). */
@ApplicationScoped
public class DemoRegistration {
    void onStart(@Observes StartupEvent event, RegistryService registry, XmodalConfig config) {
        if (config.registry().registerDemo()) {
            registry.registerDemo(Path.of(config.registry().demo()));
        }
    }
}
