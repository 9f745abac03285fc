package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code xmodal status}: queue depth, running shards and the workers of a running platform. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the queue and the workers of a running server.")
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Override
    public Integer call() {
        JsonNode status = client.api().get("/api/status");
        var out = spec.commandLine().getOut();
        out.printf("queued shards: %d, running shards: %d%n", status.path("queueDepth").asLong(), status.path("runningShards").asLong());
        for (JsonNode w : status.path("workers")) {
            out.printf("  %-28s %-6s %-5s shard %-6s last heartbeat %s%n", w.path("node").asText(), w.path("device").asText(),
                    w.path("alive").asBoolean() ? "alive" : "gone", w.hasNonNull("shardId") ? w.path("shardId").asText() : "-",
                    w.path("heartbeatAt").asText());
        }
        out.flush();
        return 0;
    }
}
