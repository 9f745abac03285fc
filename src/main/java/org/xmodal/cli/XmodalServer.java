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
        if (arguments.contains(DEMO)) {
            code = new DemoSession(new ApiClient(url(config, address.clientHost())), new PrintWriter(System.out, true),
                    new PrintWriter(System.err, true)).run();
        }
        System.out.println("xmodal is serving at " + url + " (web UI), API at " + url + "api, OpenAPI at " + url + "q/swagger-ui");
        if (arguments.contains(EXIT)) {
            return code;
        }
        System.out.println("press Ctrl-C to stop");
        Quarkus.waitForExit();
        return code;
    }

    /** The node's root URL: https on the TLS port when a certificate is configured, else http. */
    private static String url(Config config, String host) {
        boolean tls = config.getOptionalValue("quarkus.http.ssl.certificate.files", String.class).isPresent()
                || config.getOptionalValue("quarkus.http.ssl.certificate.key-store-file", String.class).isPresent();
        int port = config.getValue(tls ? "quarkus.http.ssl-port" : "quarkus.http.port", Integer.class);
        return (tls ? "https://" : "http://") + host + ":" + port + "/";
    }
}
