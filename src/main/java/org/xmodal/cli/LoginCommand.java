package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xmodal login}: signs in to a team server with a user name and password, creates an API token for this
 * machine and stores it (mode 0600) for the other commands; or stores a token made in the web UI.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Sign in to a team server and store an API token for the other commands (a personal node needs none).")
public final class LoginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Option(names = {"-u", "--user"}, description = "User name (asked when missing).")
    String user;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--token-stdin", description = "Store an API token made in the web UI, read from standard input, instead of signing in.")
    boolean tokenStdin;

    @Option(names = "--scopes", split = ",", defaultValue = "read,write", description = "Scopes of the new token (default: ${DEFAULT-VALUE}).")
    List<String> scopes;

    @Option(names = "--days", defaultValue = "90", description = "Days until the new token expires (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        ApiClient anonymous = new ApiClient(client.server);
        JsonNode session = anonymous.get("/api/session");
        if ("personal".equals(session.path("mode").asText())) {
            out.println(client.server + " is a personal node: it trusts its local user and needs no login.");
            return 0;
        }
        Credentials credentials = Credentials.load();
        if (tokenStdin) {
            String token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            JsonNode me = new ApiClient(client.server, token).get("/api/session");
            credentials.put(client.server, new Credentials.Entry(me.path("username").asText(), token.strip(), -1));
            out.printf("stored the token of %s for %s in %s%n", me.path("username").asText(), client.server, credentials.file());
            return 0;
        }
        String name = user != null ? user : ask("user: ");
        String password = passwordStdin ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine()
                : new String(console().readPassword("password for %s: ", name));
        HttpResponse<String> login = anonymous.exchange("POST", "/api/session", Map.of("username", name, "password", password), Map.of());
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("xmodal_session="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new IllegalStateException("the server did not open a session"));
        Map<String, String> signedIn = Map.of("Cookie", cookie, "X-CSRF-Token", ApiClient.json(login.body()).path("csrfToken").asText());
        JsonNode created = ApiClient.json(anonymous.exchange("POST", "/api/tokens", Map.of("name", "xmodal CLI on " + host(),
                "scopes", scopes, "expiresInDays", days), signedIn).body());
        anonymous.exchange("POST", "/api/session/logout", null, signedIn);
        credentials.put(client.server, new Credentials.Entry(name, created.path("token").asText(), created.path("details").path("id").asLong()));
        out.printf("signed in to %s as %s; token %s… (%s) expires %s, stored in %s%n", client.server, name,
                created.path("details").path("prefix").asText(), String.join(", ", scopes),
                created.path("details").path("expiresAt").asText(), credentials.file());
        return 0;
    }

    private static Console console() {
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to ask for the password: use --password-stdin");
        }
        return console;
    }

    private static String ask(String prompt) {
        return console().readLine(prompt);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "this machine";
        }
    }
}
