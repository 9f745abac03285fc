package org.xmodal.testing;

import java.nio.file.Path;

/** Paths of the bundled demo corpus, reference models and golden files, from the repository root. */
public final class Demo {
    private Demo() {
    }

    public static Path root() {
        return Path.of(System.getProperty("xmodal.repo.root", ".")).toAbsolutePath().normalize();
    }

    public static Path corpus() {
        return root().resolve("demo/corpus");
    }

    public static Path models() {
        return root().resolve("demo/models");
    }

    public static Path model(String name) {
        return models().resolve(name + ".json");
    }

    public static Path tokenizer() {
        return models().resolve("tokenizer.json");
    }

    public static Path golden() {
        return root().resolve("demo/golden");
    }
}
