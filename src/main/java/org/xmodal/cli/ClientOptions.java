package org.xmodal.cli;

import picocli.CommandLine.Option;

/** Where the commands that talk to a running platform find it, and the API token they prove who they are with. */
final class ClientOptions {
    @Option(names = "--server", defaultValue = "${env:XMODAL_SERVER:-http://localhost:8080}",
            description = "Base URL of the xmodal server (default: ${DEFAULT-VALUE}).")
    String server;

    ApiClient api() {
        return new ApiClient(server, token());
    }

    /** {@code XMODAL_TOKEN}, else the token that {@code xmodal login} stored for this server, else none (a personal node). */
    String token() {
        String env = System.getenv("XMODAL_TOKEN");
        return env != null && !env.isBlank() ? env : Credentials.load().token(server).orElse(null);
    }
}
