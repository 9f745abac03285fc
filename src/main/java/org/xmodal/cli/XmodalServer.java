package org.xmodal.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import java.io.PrintWriter;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.xmodal.platform.ListenAddress;

/** The running node: serves until stopped, or first runs the demo experiment through its own REST API. */
public final class XmodalServer implements QuarkusApplication {
    static final String SERVE = "serve";
    static final String DEMO = "demo";
    static final String EXIT = "--exit";

    @Override
    public int run(String... args) {
        List<String> arguments = List.of(args);
        Config config = ConfigProvider.getConfig();
        ListenAddress address = new ListenAddress(config.getOptionalValue("quarkus.http.host", String.class).orElse(ListenAddress.DEFAULT));
        String url = url(config, address.urlHost());
        int code = 0;
        StopSignals.install();
        if (arguments.contains(DEMO)) {
            code = demo(new ApiClient(url(config, address.clientHost())));
            if (StopSignals.stopping()) {
                return 0;
            }
        }
        System.out.println("xmodal is serving at " + url + " (web UI), API at " + url + "api, OpenAPI at " + url + "q/swagger-ui");
        if (arguments.contains(EXIT)) {
            return code;
        }
        System.out.println("press Ctrl-C to stop");
        Quarkus.waitForExit();
        return code;
    }

    /** Runs the demo through the node's API; a stop signal ends it quietly (its sweep resumes on the next start). */
    private static int demo(ApiClient api) {
        PrintWriter err = new PrintWriter(System.err, true);
        StopSignals.clientThread(Thread.currentThread());
        try {
            return new DemoSession(api, new PrintWriter(System.out, true), err).run();
        } catch (RuntimeException e) {
            if (StopSignals.stopping()) {
                err.println();
                err.println("demo: stopped; its sweep resumes when xmodal runs again on this home");
                return 0;
            }
            throw e;
        } finally {
            StopSignals.clientThread(null);
            Thread.interrupted();
        }
    }

    /** The node's root URL: https on the TLS port when a certificate is configured, else http. */
    private static String url(Config config, String host) {
        boolean tls = config.getOptionalValue("quarkus.http.ssl.certificate.files", String.class).isPresent()
                || config.getOptionalValue("quarkus.http.ssl.certificate.key-store-file", String.class).isPresent();
        int port = config.getValue(tls ? "quarkus.http.ssl-port" : "quarkus.http.port", Integer.class);
        return (tls ? "https://" : "http://") + host + ":" + port + "/";
    }
}
