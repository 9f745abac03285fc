package org.xmodal.cli;

import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code xmodal} command: the platform node, its client commands, and the stand-alone engine. */
@QuarkusMain
@Command(name = "xmodal", mixinStandardHelpOptions = true, version = "xmodal 0.1.0",
        description = "Cross-modal input ablation of vision-and-language transformers.",
        subcommands = {DemoCommand.class, ServeCommand.class, SubmitCommand.class, WatchCommand.class, CompareCommand.class,
                ExportCommand.class, StatusCommand.class, EvaluateCommand.class, BenchmarkCommand.class,
                ResultBenchmarkCommand.class, LoginCommand.class, LogoutCommand.class, AdminCommand.class,
                AttributesCommand.class, ImportPublishedCommand.class, ReproduceCommand.class})
public final class XmodalCommand implements Runnable {

    public static void main(String[] args) {
        // DJL reads system properties only, and must never try to download an engine
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new XmodalCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
