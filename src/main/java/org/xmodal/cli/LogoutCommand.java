package org.xmodal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code xmodal logout}: revokes the stored token of a server and forgets it. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Revoke the API token stored for a server and forget it.")
public final class LogoutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Override
    public Integer call() {
        Credentials credentials = Credentials.load();
        var entry = credentials.entry(client.server);
        if (entry.isEmpty()) {
            spec.commandLine().getOut().println("no token stored for " + client.server);
            return 0;
        }
        if (entry.get().tokenId() > 0) {
            new ApiClient(client.server, entry.get().token()).post("/api/tokens/" + entry.get().tokenId() + "/revoke", null);
        }
        credentials.remove(client.server);
        spec.commandLine().getOut().println("revoked and forgot the token for " + client.server);
        return 0;
    }
}
