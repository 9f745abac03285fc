package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xmodal attributes}: a dataset's example attributes; with a file, imports it first. */
@Command(name = "attributes", mixinStandardHelpOptions = true,
        description = "List a dataset's example attributes (phrase-type and imported ones) with their values and example "
                + "counts; with FILE, first import the attributes of that TSV (columns example, or image, caption and phrase; "
                + "every other column an attribute; label: a gold class, which also gives labelmatch-agree).")
public final class AttributesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Option(names = "--dataset", required = true, description = "The registered dataset's id.")
    long dataset;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A TSV of per-example attributes to import.")
    Path file;

    @Override
    public Integer call() {
        JsonNode attributes;
        String path = "/api/datasets/" + dataset + "/attributes";
        if (file != null) {
            String body;
            try {
                body = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new XmodalException(ErrorCode.MISSING_DATA, "cannot read " + file + ": " + e.getMessage());
            }
            attributes = client.api().postText(path, "text/tab-separated-values", body).path("attributes");
            spec.commandLine().getErr().println("imported " + file);
        } else {
            attributes = client.api().get(path);
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s %-24s %9s%n", "attribute", "value", "examples"));
        for (JsonNode a : attributes) {
            for (JsonNode v : a.path("values")) {
                out.append(String.format(Locale.ROOT, "%-20s %-24s %9d%n", a.path("name").asText(), v.path("value").asText(),
                        v.path("examples").asLong()));
            }
        }
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
