package dev.flinkgitops.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four paths of {@link HttpEndpoints}: exact matches, 405 with {@code Allow} for another
 * method; then the {@link Pages}; 404 for any other path. Runs on a server thread once a request's headers are in; only
 * {@code /webhook} reads a body, and it does so without holding the thread ({@link BoundedBody}).
 */
final class Routes extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(Routes.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    private final Metrics metrics;
    private final Supplier<Optional<String>> notReadyReason;
    private final Optional<WebhookHandler> webhook;
    private final Pages pages;

    Routes(Metrics metrics, Supplier<Optional<String>> notReadyReason, Optional<WebhookHandler> webhook, Pages pages) {
        this.metrics = metrics;
        this.notReadyReason = notReadyReason;
        this.webhook = webhook;
        this.pages = pages;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        try {
            switch (path) {
                case "/metrics" -> onlyGet(request, response, callback,
                        () -> send(response, callback, 200, PROMETHEUS_TEXT, metrics.scrape()));
                case "/healthz" -> onlyGet(request, response, callback, () -> respond(response, callback, 200, "ok"));
                case "/readyz" -> onlyGet(request, response, callback, () -> readyz(response, callback));
                case "/webhook" -> webhook(request, response, callback);
                default -> page(request, response, callback, path);
            }
        } catch (RuntimeException e) {
            log.warn("HTTP {} {} failed", request.getMethod(), path, e);
            throw e;
        }
        return true;
    }

    private static void onlyGet(Request request, Response response, Callback callback, Runnable answer) {
        if ("GET".equals(request.getMethod())) {
            answer.run();
        } else {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            respond(response, callback, 405, "method not allowed");
        }
    }

    private void webhook(Request request, Response response, Callback callback) {
        if (webhook.isEmpty()) {
            respond(response, callback, 404, "webhook not configured");
        } else if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            respond(response, callback, 405, "method not allowed");
        } else {
            webhook.get().handle(request, response, callback);
        }
    }

    /** One of the {@link Pages}, or 404; a page that fails answers 500 without its cause (it is logged). */
    private void page(Request request, Response response, Callback callback, String path) {
        if (!"GET".equals(request.getMethod())) {
            if (pages.serves(path)) {
                onlyGet(request, response, callback, () -> { });
            } else {
                respond(response, callback, 404, "not found");
            }
            return;
        }
        Optional<Pages.Answer> answer;
        try {
            answer = pages.get(path, query(request));
        } catch (RuntimeException e) {
            log.warn("page {} failed", path, e);
            respond(response, callback, 500, "page failed; see the daemon's log");
            return;
        }
        if (answer.isEmpty()) {
            respond(response, callback, 404, "not found");
        } else {
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            send(response, callback, answer.get().status(), answer.get().contentType(), answer.get().body());
        }
    }

    private static Map<String, List<String>> query(Request request) {
        Map<String, List<String>> query = new HashMap<>();
        Request.extractQueryParameters(request).forEach(field -> query.put(field.getName(), field.getValues()));
        return query;
    }

    private void readyz(Response response, Callback callback) {
        Optional<String> reason;
        try {
            reason = notReadyReason.get();
        } catch (RuntimeException e) {
            log.warn("readiness check failed", e);
            reason = Optional.of("readiness check failed: " + e.getClass().getSimpleName());
        }
        if (reason.isPresent()) {
            respond(response, callback, 503, reason.get());
        } else {
            respond(response, callback, 200, "ready");
        }
    }

    /** Answers {@code status} with a plain-text body and completes the exchange. */
    static void respond(Response response, Callback callback, int status, String text) {
        send(response, callback, status, PLAIN_TEXT, text);
    }

    private static void send(Response response, Callback callback, int status, String contentType, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
