package org.xmodal.cli;

import picocli.CommandLine.Option;

/** Where the commands that talk to a running platform find it. */
final class ClientOptions {
    @Option(names = "--server", defaultValue = "${env:XMODAL_SERVER:-http://localhost:8080}",
            description = "Base URL of the xmodal server (default: ${DEFAULT-VALUE}).")
    String server;

    ApiClient api() {
        return new ApiClient(server);
    }
}
