package dev.flinkgitops.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A webhook receiver (notifications) on 127.0.0.1 (the JDK's HTTP server): records each request's body and
 * path, answers with the status {@link #answers} gives for the n-th request (from 1), and can hold
 * every answer until {@link #release()} (a receiver that never answers, or is slow).
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> bodies = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private volatile boolean hold;
    private volatile IntUnaryOperator answers = n -> 200;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int n = requests.incrementAndGet();
        entered.countDown();
        if (hold) {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = answers.applyAsInt(n);
        if (status / 100 == 2) {
            synchronized (this) {
                bodies.add(body);
                paths.add(exchange.getRequestURI().toString());
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** The receiver's URL with {@code path} (which may hold a token). */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public WebhookReceiver answering(IntUnaryOperator statusOfRequest) {
        this.answers = statusOfRequest;
        return this;
    }

    /** Every request waits in the handler until {@link #release()}. */
    public WebhookReceiver holding() {
        this.hold = true;
        return this;
    }

    public void release() {
        release.countDown();
    }

    /** Waits until a request has reached the handler. */
    public boolean awaitFirstRequest(long seconds) throws InterruptedException {
        return entered.await(seconds, TimeUnit.SECONDS);
    }

    /** The bodies of the requests answered with 2xx, in order. */
    public synchronized List<String> bodies() {
        return List.copyOf(bodies);
    }

    public synchronized List<String> paths() {
        return List.copyOf(paths);
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
