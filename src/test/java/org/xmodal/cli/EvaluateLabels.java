package org.xmodal.cli;

import java.nio.file.Path;
import org.xmodal.testing.Demo;

/** Runs {@code xmodal evaluate --labels} on the first 64 demo entries with demo-single under lang4vis. */
public final class EvaluateLabels {
    private EvaluateLabels() {
    }

    /** Exit code, standard error and standard output. */
    public static String[] run(Path labels, Path out) {
        EvaluateCommandTest.Run r = EvaluateCommandTest.run("evaluate", "--dataset", Demo.corpus().toString(), "--model",
                Demo.model("demo-single").toString(), "--direction", "lang4vis", "--limit", "64", "--device", "cpu",
                "--labels", labels.toString(), "--out", out.toString());
        return new String[] {Integer.toString(r.exitCode()), r.err(), r.out()};
    }
}
