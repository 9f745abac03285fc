package org.xmodal.cli;

import org.xmodal.platform.XmodalException;
import picocli.CommandLine;

/** Prints a readable one-line error instead of a stack trace for problems with the user's input. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int INPUT_ERROR = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) throws Exception {
        if (e instanceof XmodalException x) {
            cmd.getErr().println("error (" + x.code().title().toLowerCase(java.util.Locale.ROOT) + "): " + x.getMessage());
            return INPUT_ERROR;
        }
        if (e instanceof IllegalArgumentException) {
            cmd.getErr().println("error: " + e.getMessage());
            return INPUT_ERROR;
        }
        // anything else is a defect of xmodal, not of the input: say so in one line, keep the trace for a report
        cmd.getErr().println("error: unexpected failure (" + e + "); run with -Dxmodal.trace=true for the stack trace");
        if (Boolean.getBoolean("xmodal.trace")) {
            e.printStackTrace(cmd.getErr());
        }
        return 1;
    }
}
