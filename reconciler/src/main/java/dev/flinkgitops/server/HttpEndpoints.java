package dev.flinkgitops.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's one HTTP port (JDK {@link HttpServer}):
 *
 * <ul>
 *   <li>{@code GET /metrics}: {@link Metrics#scrape()}, Prometheus text format 0.0.4.
 *   <li>{@code GET /healthz}: 200 {@code ok} while the process runs.
 *   <li>{@code GET /readyz}: 200 {@code ready} when {@code notReadyReason} is empty, else 503
 *       with the reason.
 *   <li>{@code POST /webhook}: see {@link WebhookHandler}; 404 when no secret is configured.
 * </ul>
 *
 * Any other method on these paths answers 405 with {@code Allow}; any other path 404. Paths
 * match exactly (no prefixes). Requests are served by two daemon threads.
 */
public final class HttpEndpoints implements AutoCloseable {

    /** Where to listen and how large a webhook body may be. */
    public record Options(InetSocketAddress bind, int maxWebhookBytes) {

        public static final int DEFAULT_MAX_WEBHOOK_BYTES = 1 << 20;

        public Options {
            Objects.requireNonNull(bind, "bind");
            if (maxWebhookBytes < 0 || maxWebhookBytes == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("webhook body cap out of range: " + maxWebhookBytes);
            }
        }

        /** 0.0.0.0:8080 and a 1 MiB webhook body cap. */
        public static Options defaults() {
            return new Options(new InetSocketAddress("0.0.0.0", 8080), DEFAULT_MAX_WEBHOOK_BYTES);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final int STOP_SECONDS = 1;

    private final Options options;
    private final Metrics metrics;
    private final Supplier<Optional<String>> notReadyReason;
    private final Optional<WebhookHandler> webhook;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param notReadyReason empty when ready, else why not (not leader, last tick too old, git
     *     unreachable, ...); called on every {@code /readyz}
     * @param webhookSecret when empty, {@code /webhook} answers 404
     * @param wake called once per authentic push delivery; must not block
     */
    public HttpEndpoints(
            Options options,
            Metrics metrics,
            Supplier<Optional<String>> notReadyReason,
            Optional<WebhookSecret> webhookSecret,
            Runnable wake) {
        this.options = Objects.requireNonNull(options, "options");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.notReadyReason = Objects.requireNonNull(notReadyReason, "notReadyReason");
        Objects.requireNonNull(wake, "wake");
        this.webhook = webhookSecret.map(secret -> new WebhookHandler(secret, wake, options.maxWebhookBytes()));
    }

    /** Binds the port and starts serving. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "flinkgitops-http");
            thread.setDaemon(true);
            return thread;
        });
        server = HttpServer.create(options.bind(), 0);
        server.setExecutor(executor);
        server.createContext("/", this::route);
        server.start();
        log.info("HTTP endpoints listening on {}", address());
    }

    /** The bound address, such as {@code http://127.0.0.1:8080/} (the real port when 0 was asked). */
    public synchronized URI address() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/");
    }

    /** Stops serving: in-flight exchanges get up to a second, then the threads go. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(STOP_SECONDS);
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    private void route(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/metrics" -> onlyGet(exchange, method, () -> send(exchange, 200, PROMETHEUS_TEXT, metrics.scrape()));
                case "/healthz" -> onlyGet(exchange, method, () -> respond(exchange, 200, "ok"));
                case "/readyz" -> onlyGet(exchange, method, () -> readyz(exchange));
                case "/webhook" -> webhook(exchange, method);
                default -> respond(exchange, 404, "not found");
            }
        } catch (RuntimeException e) {
            log.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            throw e;
        }
    }

    private void webhook(HttpExchange exchange, String method) throws IOException {
        if (webhook.isEmpty()) {
            respond(exchange, 404, "webhook not configured");
        } else if (!"POST".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "POST");
            respond(exchange, 405, "method not allowed");
        } else {
            webhook.get().handle(exchange);
        }
    }

    private void readyz(HttpExchange exchange) throws IOException {
        Optional<String> reason;
        try {
            reason = notReadyReason.get();
        } catch (RuntimeException e) {
            log.warn("readiness check failed", e);
            reason = Optional.of("readiness check failed: " + e.getClass().getSimpleName());
        }
        if (reason.isPresent()) {
            respond(exchange, 503, reason.get());
        } else {
            respond(exchange, 200, "ready");
        }
    }

    private interface Action {
        void run() throws IOException;
    }

    private static void onlyGet(HttpExchange exchange, String method, Action action) throws IOException {
        if ("GET".equals(method)) {
            action.run();
        } else {
            exchange.getResponseHeaders().set("Allow", "GET");
            respond(exchange, 405, "method not allowed");
        }
    }

    /** Answers {@code status} with a plain-text body. */
    static void respond(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", text);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
