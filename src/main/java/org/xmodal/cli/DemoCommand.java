package org.xmodal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xmodal demo}: starts a node and runs the demo experiment on it to the end. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a node (embedded PostgreSQL by default), run every bundled reference model on the demo corpus "
                + "(both directions, every condition), print the comparison table and the URL of the UI, and keep serving.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--exit", description = "Stop the node once the table is printed instead of serving the UI.")
    boolean exit;

    @Override
    public Integer call() {
        if (server.team) {
            // the demo drives the node's API as its local user; a team server has no such user
            System.err.println("xmodal: the demo runs on a personal node: leave out --team (a team server is started with `serve --team`)");
            return ErrorHandler.INPUT_ERROR;
        }
        return ServeCommand.run(server, exit ? new String[] {XmodalServer.DEMO, XmodalServer.EXIT} : new String[] {XmodalServer.DEMO});
    }
}
