package dev.flinkgitops.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's one HTTP port (embedded Jetty):
 *
 * <ul>
 *   <li>{@code GET /metrics}: {@link Metrics#scrape()}, Prometheus text format 0.0.4.
 *   <li>{@code GET /healthz}: 200 {@code ok} while the process runs.
 *   <li>{@code GET /readyz}: 200 {@code ready} when {@code notReadyReason} is empty, else 503
 *       with the reason.
 *   <li>{@code POST /webhook}: see {@link WebhookHandler}; 404 when no secret is configured.
 *   <li>{@code GET /}, {@code /apps/<namespace>/<name>}, {@code /api/v1/apps[/<namespace>/<name>]}: the
 *       read-only {@link Pages}.
 * </ul>
 *
 * Any other method on these paths answers 405 with {@code Allow}; any other path 404 (see
 * {@link Routes}). Slow clients cannot block it: requests are read without a thread until they
 * are whole, a connection silent for the read timeout or not done within the request timeout
 * is closed, one request per connection, and open connections are capped ({@link Limits}).
 */
public final class HttpEndpoints implements AutoCloseable {

    /**
     * What a client may hold: {@code readTimeout} without a byte (headers, body or reading the
     * answer), {@code requestTimeout} for a whole connection, {@code maxConnections} at once
     * (more wait in the accept queue), served by {@code threads} threads.
     */
    public record Limits(Duration readTimeout, Duration requestTimeout, int maxConnections, int threads) {

        public Limits {
            if (readTimeout.isNegative() || readTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("HTTP timeouts must be positive");
            }
            if (maxConnections < 1 || threads < MIN_THREADS) {
                throw new IllegalArgumentException("need at least one connection and " + MIN_THREADS + " threads");
            }
        }

        /** 5 s read timeout, 10 s per request, 1,000 connections, 8 threads. */
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(5), Duration.ofSeconds(10), 1000, 8);
        }
    }

    /** Where to listen, how large a webhook body may be, and what a client may hold. */
    public record Options(InetSocketAddress bind, int maxWebhookBytes, Limits limits) {

        public static final int DEFAULT_MAX_WEBHOOK_BYTES = 1 << 20;

        public Options {
            Objects.requireNonNull(bind, "bind");
            Objects.requireNonNull(limits, "limits");
            if (maxWebhookBytes < 0 || maxWebhookBytes == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("webhook body cap out of range: " + maxWebhookBytes);
            }
        }

        /** With the default {@link Limits}. */
        public Options(InetSocketAddress bind, int maxWebhookBytes) {
            this(bind, maxWebhookBytes, Limits.defaults());
        }

        /** 0.0.0.0:8080, a 1 MiB webhook body cap and the default limits. */
        public static Options defaults() {
            return new Options(new InetSocketAddress("0.0.0.0", 8080), DEFAULT_MAX_WEBHOOK_BYTES);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);
    /** The acceptor and the selector each keep one; the rest answer requests. */
    private static final int MIN_THREADS = 4;
    private static final int ACCEPT_QUEUE = 256;
    private static final long STOP_MILLIS = 1000;

    private final Options options;
    private final Routes routes;
    private Server server;
    private ServerConnector connector;

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
        this(options, metrics, notReadyReason, webhookSecret, wake, Pages.NONE);
    }

    /** @param pages the read-only pages and their JSON, on every other GET path */
    public HttpEndpoints(
            Options options,
            Metrics metrics,
            Supplier<Optional<String>> notReadyReason,
            Optional<WebhookSecret> webhookSecret,
            Runnable wake,
            Pages pages) {
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(wake, "wake");
        this.routes = new Routes(Objects.requireNonNull(metrics, "metrics"),
                Objects.requireNonNull(notReadyReason, "notReadyReason"),
                webhookSecret.map(secret -> new WebhookHandler(secret, wake, options.maxWebhookBytes())),
                Objects.requireNonNull(pages, "pages"));
    }

    /** Binds the port and starts serving. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        Limits limits = options.limits();
        QueuedThreadPool threads = new QueuedThreadPool(limits.threads(), MIN_THREADS);
        threads.setName("flinkgitops-http");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        Server jetty = new Server(threads);
        connector = connector(jetty, limits);
        jetty.addConnector(connector);
        jetty.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        jetty.setErrorHandler(quietErrors());
        jetty.setHandler(routes);
        jetty.setStopTimeout(STOP_MILLIS);
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            throw e instanceof IOException io ? io : new IOException("HTTP port did not start: " + e.getMessage(), e);
        }
        server = jetty;
        log.info("HTTP endpoints listening on {}", address());
    }

    private ServerConnector connector(Server jetty, Limits limits) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setPersistentConnectionsEnabled(false); // one request per connection: the deadline is per request
        ServerConnector accepting = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        accepting.setHost(options.bind().getHostString());
        accepting.setPort(options.bind().getPort());
        accepting.setIdleTimeout(limits.readTimeout().toMillis());
        accepting.setAcceptQueueSize(ACCEPT_QUEUE);
        accepting.addBean(new ConnectionDeadline(accepting.getScheduler(), limits.requestTimeout()));
        return accepting;
    }

    /** Jetty's own error answers (malformed request, headers too large): no stack traces. */
    private static ErrorHandler quietErrors() {
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        errors.setShowMessageInTitle(false);
        errors.setDefaultResponseMimeType("text/plain");
        return errors;
    }

    /** The bound address, such as {@code http://127.0.0.1:8080/} (the real port when 0 was asked). */
    public synchronized URI address() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        InetSocketAddress bind = options.bind();
        String host = bind.getAddress() == null ? bind.getHostString() : bind.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + "/");
    }

    /** Stops serving: in-flight exchanges get up to a second, then the threads go. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        stopQuietly(server);
        server = null;
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            log.warn("HTTP port did not stop cleanly", e);
        }
    }
}
