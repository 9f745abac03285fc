package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/** The CLI's view of the REST API: JSON in and out, problem details turned into readable errors. */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String token;

    ApiClient(String server) {
        this(server, null);
    }

    /** A client that sends {@code token} (an API token, or null on a personal node) as a bearer token. */
    ApiClient(String server, String token) {
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.base = URI.create(server.endsWith("/") ? server : server + "/");
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).GET());
    }

    JsonNode post(String path, Object body) {
        try {
            String json = body == null ? "" : JSON.writeValueAsString(body);
            return send(HttpRequest.newBuilder(resolve(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the request: " + e.getMessage());
        }
    }

    /** Posts a text body (a TSV) of {@code contentType}. */
    JsonNode postText(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    JsonNode put(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(resolve(path)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the request: " + e.getMessage());
        }
    }

    /** Streams a text export (CSV/TSV) to {@code sink}. */
    void download(String path, java.io.OutputStream sink) {
        try {
            HttpResponse<InputStream> response = http.send(authorized(HttpRequest.newBuilder(resolve(path)).GET()).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() >= 400) {
                throw problem(response.statusCode(), new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            try (InputStream in = response.body()) {
                in.transferTo(sink);
            }
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private URI resolve(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(authorized(request.header("Accept", "application/json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw problem(response.statusCode(), response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** A JSON request with extra headers, answering the whole response (signing in needs its cookie). */
    HttpResponse<String> exchange(String method, String path, Object body, java.util.Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path)).header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : JSON.writeValueAsString(body)));
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw problem(response.statusCode(), response.body());
            }
            return response;
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    static JsonNode json(String body) {
        try {
            return body == null || body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the server answered something that is not JSON", e);
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private XmodalException unreachable(IOException e) {
        String why = e instanceof ConnectException ? "nothing answers there (start it with `xmodal serve`)" : e.getMessage();
        return new XmodalException(ErrorCode.UNAVAILABLE, "cannot reach the xmodal server at " + base + ": " + why, e);
    }

    /** A problem detail as one readable message, with its field errors. */
    private static XmodalException problem(int status, String body) {
        String message = "HTTP " + status;
        try {
            JsonNode p = JSON.readTree(body);
            message = p.path("detail").asText(p.path("title").asText(message));
            StringBuilder fields = new StringBuilder();
            for (JsonNode f : p.path("errors")) {
                fields.append("\n  ").append(f.path("field").asText()).append(": ").append(f.path("message").asText());
            }
            if (fields.length() > 0 && !message.contains(fields.toString().trim())) {
                message += fields;
            }
        } catch (IOException e) {
            // not a problem detail: keep the status line
        }
        if (status == 401) {
            message += " (sign in with `xmodal login`, or set XMODAL_TOKEN to an API token)";
        }
        return new XmodalException(switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 429 -> ErrorCode.TOO_MANY_REQUESTS;
            default -> ErrorCode.INVALID_ARGUMENT;
        }, message);
    }
}
