package org.xmodal.cli;

import io.quarkus.runtime.Quarkus;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.xmodal.platform.DatabaseSupervisor;
import org.xmodal.platform.EmbeddedDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code xmodal serve}: the platform node (API, worker and UI) until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run an xmodal node: REST API, web UI and a worker per device, on the embedded or a configured PostgreSQL.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server = new ServerOptions();

    @Override
    public Integer call() {
        return run(server, XmodalServer.SERVE);
    }

    /**
     * Starts Quarkus with the prepared configuration; the embedded database is supervised (started again when it
     * dies) while the application runs, and stops after it. A node that would listen on the network without
     * authentication is refused before anything starts.
     */
    static int run(ServerOptions server, String... args) {
        Optional<String> refusal = server.refusal();
        if (refusal.isPresent()) {
            System.err.println(refusal.get());
            return ErrorHandler.INPUT_ERROR;
        }
        EmbeddedDatabase embedded = server.apply();
        DatabaseSupervisor supervisor = embedded == null ? null
                : DatabaseSupervisor.watch(embedded, DatabaseSupervisor.RESTARTS, DatabaseSupervisor.CHECK_EVERY, Clock.systemUTC());
        int[] exit = {0};
        try {
            Quarkus.run(XmodalServer.class, (code, failure) -> {
                exit[0] = failure != null && code == 0 ? 1 : code;
                if (failure != null) {
                    System.err.println("error: " + failure.getMessage());
                }
            }, args);
        } finally {
            if (supervisor != null) {
                supervisor.close();
            }
        }
        return exit[0];
    }
}
