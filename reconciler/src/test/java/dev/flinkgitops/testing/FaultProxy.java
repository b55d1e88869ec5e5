package dev.flinkgitops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fault-injecting HTTP/1.1 proxy on 127.0.0.1 in front of a Flink REST endpoint. Each request
 * (method, path, query, headers and body, byte for byte) is forwarded faithfully, or, with the
 * probability of the current fault rate, meets one {@link Fault} drawn from a seeded
 * {@link Random}. The rate and the fault kinds can be changed while it runs. Every connection
 * carries one request ({@code Connection: close}), so a reset hits exactly the request it was
 * drawn for. The seed fixes the sequence of draws; with concurrent requests, which request gets
 * which draw depends on their order of arrival.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "te", "trailer", "upgrade", "http2-settings", "host", "content-length", "expect");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOGIN_PAGE = """
            <!DOCTYPE html>
            <html><head><title>Sign in</title></head>
            <body><form method="post" action="/login"><input name="user"><input name="password" type="password">
            <button>Sign in</button></form></body></html>
            """;

    /**
     * What the client gets: status, headers (without Content-Length and Connection) and body;
     * {@code changed} when a forwarding fault altered Flink's answer.
     */
    private record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body, boolean changed) {

        Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {
            this(status, headers, body, false);
        }
    }

    /** One draw: the fault (null: none) and a number that picks its variant. */
    private record Draw(Fault fault, int variant) {}

    private final String upstream;
    private final Duration hold;
    private final Random random;
    private final ServerSocket server;
    private final ExecutorService connections;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, Map<Fault, LongAdder>> injected = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final OneShotLoss oneShot = new OneShotLoss();
    private volatile double rate;
    private volatile Set<Fault> kinds = EnumSet.allOf(Fault.class);

    private FaultProxy(URI upstream, long seed, Duration hold, ServerSocket server) {
        String base = upstream.toString();
        this.upstream = base.endsWith("/") ? base : base + "/";
        this.hold = hold;
        this.random = new Random(seed);
        this.server = server;
        this.connections = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fault-proxy");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a proxy on 127.0.0.1 and a free port, faults off.
     *
     * @param hold how long a {@link Fault#TIMEOUT} holds a request: longer than the client's
     *     time-out, and the bound on how long any request is held
     */
    public static FaultProxy start(URI upstream, long seed, Duration hold) {
        try {
            ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            FaultProxy proxy = new FaultProxy(upstream, seed, hold, server);
            Thread acceptor = new Thread(proxy::accept, "fault-proxy-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fault proxy", e);
        }
    }

    /** The address to give the client instead of Flink's. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    /** From now on, each request meets one of every fault kind (that applies to it) with probability {@code rate}. */
    public void faults(double rate) {
        faults(rate, EnumSet.allOf(Fault.class));
    }

    /** From now on, each request meets one of {@code kinds} (that applies to it) with probability {@code rate}. */
    public void faults(double rate, Set<Fault> kinds) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a fault rate is between 0 and 1, got " + rate);
        }
        this.kinds = kinds.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(kinds);
        this.rate = rate;
    }

    /**
     * The next request whose method and path (without the query) match {@code pathRegex} is
     * forwarded, so that Flink acts on it, and its connection is then reset without an answer
     * ({@link Fault#LOST_ANSWER}); once, besides the random faults. Replaces a rule not yet used.
     */
    public void loseNextAnswer(String method, String pathRegex) {
        oneShot.arm(method, pathRegex);
    }

    /** When the answer targeted by {@link #loseNextAnswer} was lost (its connection reset); empty until then. */
    public Optional<Instant> lostAt() {
        return oneShot.lostAt();
    }

    /** Every request from now on is forwarded faithfully. */
    public void off() {
        rate = 0;
    }

    /** Requests received so far. */
    public long requests() {
        return requests.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Requests received so far for one endpoint ("GET /jobs/overview"), faulted or not. */
    public long requests(String endpoint) {
        LongAdder count = requests.get(endpoint);
        return count == null ? 0 : count.sum();
    }

    /** Faults injected so far, by kind (only kinds injected at least once). */
    public Map<Fault, Long> injected() {
        Map<Fault, Long> total = new TreeMap<>();
        injected.values().forEach(byKind -> byKind.forEach((fault, n) -> total.merge(fault, n.sum(), Long::sum)));
        return total;
    }

    /** Faults injected so far, by endpoint ("METHOD /jobs/:id/stop") and kind. */
    public Map<String, Map<Fault, Long>> injectedByEndpoint() {
        Map<String, Map<Fault, Long>> all = new TreeMap<>();
        injected.forEach((endpoint, byKind) -> {
            Map<Fault, Long> counts = new TreeMap<>();
            byKind.forEach((fault, n) -> counts.put(fault, n.sum()));
            all.put(endpoint, counts);
        });
        return all;
    }

    /** All faults injected so far. */
    public long injectedTotal() {
        return injected().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(FaultProxy::closeQuietly);
        connections.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                // closed: the loop ends
            }
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout((int) Math.max(30_000, hold.toMillis() * 2));
            socket.setTcpNoDelay(true);
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            ProxyRequest request = ProxyRequest.read(in, out);
            requests.computeIfAbsent(request.endpoint(), e -> new LongAdder()).increment();
            boolean targeted = oneShot.take(request);
            Answer answer = answer(request, targeted ? new Draw(Fault.LOST_ANSWER, 0) : draw(request.endpoint()));
            if (answer == null) {
                if (targeted) {
                    // Recorded before the reset: a client that sees the reset may ask when it was lost at once.
                    oneShot.lost(Instant.now());
                }
                reset(socket);
            } else {
                write(out, answer);
            }
        } catch (IOException | RuntimeException e) {
            reset(socket);
        } finally {
            closeQuietly(socket);
            open.remove(socket);
        }
    }

    private Draw draw(String endpoint) {
        Set<Fault> allowed = kinds;
        synchronized (random) {
            if (random.nextDouble() >= rate) {
                return new Draw(null, 0);
            }
            List<Fault> candidates = allowed.stream().filter(f -> f.appliesTo(endpoint)).toList();
            int pick = random.nextInt(Math.max(1, candidates.size()));
            int variant = random.nextInt(6);
            return new Draw(candidates.isEmpty() ? null : candidates.get(pick), variant);
        }
    }

    /**
     * The answer to send, or null to reset the connection instead. A fault that alters Flink's
     * answer is counted only when it did (a body of two bytes or more, a job list with jobs).
     */
    private Answer answer(ProxyRequest request, Draw draw) throws IOException {
        Fault fault = draw.fault();
        if (fault == null) {
            return forward(request);
        }
        boolean conditional = fault == Fault.TRUNCATED || fault == Fault.MISSING_FIELDS;
        if (!conditional) {
            count(request.endpoint(), fault);
        }
        Answer answer = switch (fault) {
            case SERVER_ERROR -> gatewayError(new int[] {500, 502, 503}[draw.variant() % 3]);
            case RESET -> null;
            case TIMEOUT -> held();
            case LOST_ANSWER -> lost(request);
            case HTML_PAGE -> new Answer(200, List.of(Map.entry("Content-Type", "text/html; charset=utf-8")),
                    LOGIN_PAGE.getBytes(StandardCharsets.UTF_8));
            case EMPTY_BODY -> new Answer(200, List.of(Map.entry("Content-Type", "application/json")), new byte[0]);
            case EMPTY_OBJECT -> new Answer(200, List.of(Map.entry("Content-Type", "application/json")),
                    "{}".getBytes(StandardCharsets.UTF_8));
            case TRUNCATED -> truncated(forward(request));
            case MISSING_FIELDS -> withoutField(forward(request), draw.variant() % 2 == 0 ? "state" : "jid");
        };
        if (conditional && answer.changed()) {
            count(request.endpoint(), fault);
        }
        return answer;
    }

    private void count(String endpoint, Fault fault) {
        injected.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>()).computeIfAbsent(fault, f -> new LongAdder())
                .increment();
    }

    private Answer held() {
        try {
            closing.await(hold.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private Answer lost(ProxyRequest request) throws IOException {
        forward(request);
        return null;
    }

    private static Answer gatewayError(int status) {
        String page = "<html><head><title>" + status + " " + reason(status) + "</title></head><body><center><h1>" + status
                + " " + reason(status) + "</h1></center><hr><center>gateway</center></body></html>\n";
        return new Answer(status, List.of(Map.entry("Content-Type", "text/html")), page.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer truncated(Answer real) {
        if (real.body().length < 2) {
            return real;
        }
        return new Answer(real.status(), real.headers(), Arrays.copyOf(real.body(), real.body().length / 2), true);
    }

    private static Answer withoutField(Answer real, String field) {
        JsonNode list;
        try {
            list = JSON.readTree(real.body());
        } catch (IOException e) {
            return real;
        }
        boolean changed = false;
        for (JsonNode job : list == null ? JSON.createArrayNode() : list.path("jobs")) {
            changed |= job instanceof ObjectNode object && object.remove(field) != null;
        }
        if (!changed) {
            return real;
        }
        return new Answer(real.status(), real.headers(), list.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    private Answer forward(ProxyRequest request) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(upstream + request.target().substring(1)))
                .timeout(Duration.ofSeconds(60))
                .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, String> header : request.headers()) {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                builder.header(header.getKey(), header.getValue());
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":") && !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> headers.add(Map.entry(name, value)));
            }
        });
        return new Answer(response.statusCode(), headers, response.body());
    }

    private static void write(OutputStream out, Answer answer) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.status()).append(' ').append(reason(answer.status()))
                .append("\r\n");
        answer.headers().forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
        head.append("Content-Length: ").append(answer.body().length).append("\r\nConnection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(answer.body());
        out.flush();
    }

    /** Closes with a TCP reset (SO_LINGER 0) rather than an orderly close. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}
