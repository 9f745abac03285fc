package org.xmodal.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the {@code xmodal} command in this JVM with a given standard input, capturing what it prints. */
final class Cli {
    record Outcome(int exit, String out, String err) {
    }

    private Cli() {
    }

    static Outcome run(String input, String... args) {
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            picocli.CommandLine cli = XmodalCommand.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            return new Outcome(cli.execute(args), out.toString(), err.toString());
        } finally {
            System.setIn(stdin);
        }
    }
}
