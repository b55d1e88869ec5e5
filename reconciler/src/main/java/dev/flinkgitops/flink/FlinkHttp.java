package dev.flinkgitops.flink;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkgitops.port.FlinkException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The HTTP plumbing of {@link FlinkRestClient}: one JSON call to the Flink REST API, bounded by the
 * request timeout, retried while the endpoint has no leader (HTTP 503), its errors turned into
 * {@link FlinkException}s with Flink's shortened error text. Request bodies never reach a message.
 */
final class FlinkHttp {

    private static final int UNAVAILABLE_ATTEMPTS = 5;
    private static final Duration UNAVAILABLE_PAUSE = Duration.ofMillis(200);

    private final Supplier<URI> baseUrls;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** @param baseUrls the base URL, asked again for every call (it may change between calls) */
    FlinkHttp(Supplier<URI> baseUrls, Duration requestTimeout) {
        this.baseUrls = () -> {
            String base = baseUrls.get().toString();
            return URI.create(base.endsWith("/") ? base : base + "/");
        };
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    URI baseUrl() {
        return baseUrls.get();
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    ObjectNode objectNode() {
        return json.createObjectNode();
    }

    JsonNode tree(Object value) {
        return json.valueToTree(value);
    }

    URI resolve(String path) {
        return baseUrls.get().resolve(path);
    }

    Answer call(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .timeout(requestTimeout)
                .method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build(), method + " " + stripQuery(path));
    }

    /**
     * Sends a request. HTTP 503 (the REST endpoint has no leader yet, e.g. just after a start) means
     * the request was not processed: it is sent again, at most {@link #UNAVAILABLE_ATTEMPTS} times.
     */
    Answer send(HttpRequest request, String what) {
        return sendRetrying(request, what, this::sendOnce);
    }

    /** A GET whose 2xx answer must be a JSON array (only {@code GET /jobmanager/config} answers with one). */
    JsonNode getArray(String path) {
        HttpRequest request = HttpRequest.newBuilder(resolve(path)).timeout(requestTimeout).GET().build();
        return sendRetrying(request, "GET " + stripQuery(path), (sent, what) -> {
            HttpResponse<String> response = exchange(sent, what);
            return Answers.array(json, what, response.statusCode(), response.body());
        });
    }

    private <T> T sendRetrying(HttpRequest request, String what, java.util.function.BiFunction<HttpRequest, String, T> once) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once.apply(request, what);
            } catch (FlinkException e) {
                if (e.httpStatus() != 503 || attempt >= UNAVAILABLE_ATTEMPTS) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(UNAVAILABLE_PAUSE.toNanos());
            }
        }
    }

    private Answer sendOnce(HttpRequest request, String what) {
        HttpResponse<String> response = exchange(request, what);
        return new Answer(what, response.statusCode(), Answers.object(json, what, response.statusCode(), response.body()));
    }

    /** One exchange: an error answer or a status Flink does not answer with is a {@link FlinkException}. */
    private HttpResponse<String> exchange(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new FlinkException(what + ": no answer from " + request.uri() + " within " + request.timeout().orElse(requestTimeout), 0, e);
        } catch (IOException e) {
            throw new FlinkException(what + ": cannot reach " + request.uri() + ": " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkException(what + ": interrupted", 0, e);
        }
        int status = response.statusCode();
        String body = response.body();
        if (status >= 400) {
            Optional<List<String>> errors = Answers.flinkErrors(json, body);
            if (errors.isPresent()) {
                String text = FlinkErrorText.summarize(errors.get());
                throw new FlinkErrorAnswer(what + ": HTTP " + status + ": " + (text.isEmpty() ? "(no error text)" : text), status);
            }
            throw new FlinkException(what + ": HTTP " + status + " (not an answer of Flink's: "
                    + (body == null || body.isBlank() ? "empty body" : "no Flink error list") + ")", status);
        }
        if (status < 200 || status > 299) {
            throw Answers.malformed(what, status, "a status Flink does not answer with");
        }
        return response;
    }

    /** A 2xx answer whose body is a JSON object; its accessors check each field's shape. */
    record Answer(String what, int status, JsonNode body) {

        JsonNode array(String field) {
            return Answers.array(body, field, what, status);
        }

        JsonNode object(String field) {
            return Answers.object(body, field, what, status);
        }

        String text(String field) {
            return Answers.text(body, field, what, status);
        }

        String id(String field) {
            return Answers.id(body, field, what, status);
        }

        void requireStatus(int expected) {
            if (status != expected) {
                throw Answers.malformed(what, status, "a status other than " + expected);
            }
        }
    }

    /** A value as one URL path segment. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
