package org.xmodal.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import java.io.PrintWriter;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** The running node: serves until stopped, or first runs the demo experiment through its own REST API. */
public final class XmodalServer implements QuarkusApplication {
    static final String SERVE = "serve";
    static final String DEMO = "demo";
    static final String EXIT = "--exit";

    @Override
    public int run(String... args) {
        List<String> arguments = List.of(args);
        String url = "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.port", Integer.class) + "/";
        int code = 0;
        if (arguments.contains(DEMO)) {
            code = new DemoSession(new ApiClient(url), new PrintWriter(System.out, true), new PrintWriter(System.err, true)).run();
        }
        System.out.println("xmodal is serving at " + url + " (web UI), API at " + url + "api, OpenAPI at " + url + "q/swagger-ui");
        if (arguments.contains(EXIT)) {
            return code;
        }
        System.out.println("press Ctrl-C to stop");
        Quarkus.waitForExit();
        return code;
    }
}
