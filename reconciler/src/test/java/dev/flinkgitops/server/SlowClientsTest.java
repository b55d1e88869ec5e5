package dev.flinkgitops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slow or stalled clients (half-sent requests) cannot keep the health probes from answering. */
class SlowClientsTest {

    private static final int HELD = 200;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final String HALF_GET = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    private static final String HALF_POST = "POST /webhook HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: push\r\n"
            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"ref\":\"r";

    private final List<Socket> held = new ArrayList<>();
    private HttpEndpoints endpoints;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : held) {
            socket.close();
        }
        if (endpoints != null) {
            endpoints.close();
        }
    }

    /** The issue: 200 half-sent requests (GETs without the blank line, POSTs with 10 of 1,000 body bytes). */
    @Test
    void probesAnswerWhile200HalfOpenConnectionsAreHeld() throws Exception {
        endpoints = start(new HttpEndpoints.Options(new InetSocketAddress("127.0.0.1", 0), 1 << 20));
        for (int i = 0; i < HELD; i++) {
            held.add(halfOpen(i % 4 == 0 ? HALF_POST : HALF_GET));
        }

        List<Long> millis = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (String path : List.of("/healthz", "/readyz", "/metrics")) {
                long started = System.nanoTime();
                assertEquals(200, probe(path), path);
                millis.add((System.nanoTime() - started) / 1_000_000);
            }
        }

        millis.sort(null);
        long median = millis.get(millis.size() / 2);
        long max = millis.get(millis.size() - 1);
        System.out.printf("[timing] %d probes beside %d half-open connections: median %d ms, max %d ms%n",
                millis.size(), HELD, median, max);
        assertTrue(median <= 100, "median probe " + median + " ms");
        assertTrue(max < 1000, "slowest probe " + max + " ms");
    }

    @Test
    void aSilentHalfSentRequestIsClosedAfterTheReadTimeout() throws Exception {
        endpoints = start(limits(Duration.ofMillis(300), Duration.ofSeconds(30), 100));
        for (String half : List.of(HALF_GET, HALF_POST)) {
            Socket socket = halfOpen(half);
            long started = System.nanoTime();
            assertClosedByServer(socket);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 300 + 2000, "closed after " + millis + " ms, read timeout 300 ms: " + half);
        }
    }

    @Test
    void aTricklingClientIsClosedAtTheRequestDeadline() throws Exception {
        endpoints = start(limits(Duration.ofSeconds(3), Duration.ofSeconds(1), 100));
        Socket socket = halfOpen("GET /healthz HTTP/1.1\r\n");
        long started = System.nanoTime();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            // one header byte every 100 ms: never silent for the 3 s read timeout
            trickle.scheduleAtFixedRate(() -> writeQuietly(socket, "X"), 100, 100, TimeUnit.MILLISECONDS);
            assertClosedByServer(socket);
        } finally {
            trickle.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis >= 900 && millis < 1000 + 2000, "closed after " + millis + " ms, request deadline 1 s");
    }

    @Test
    void connectionsOverTheCapWaitUntilOneCloses() throws Exception {
        endpoints = start(limits(Duration.ofSeconds(30), Duration.ofSeconds(30), 5));
        for (int i = 0; i < 5; i++) {
            held.add(halfOpen(HALF_GET));
        }
        try (Socket waiting = new Socket("127.0.0.1", endpoints.address().getPort())) {
            waiting.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            waiting.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, () -> waiting.getInputStream().read(), "a sixth connection is served");

            held.remove(0).close();
            waiting.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            assertTrue(readAll(waiting.getInputStream()).startsWith("HTTP/1.1 200 "));
        }
    }

    private static HttpEndpoints.Options limits(Duration read, Duration request, int maxConnections) {
        return new HttpEndpoints.Options(new InetSocketAddress("127.0.0.1", 0), 1 << 20,
                new HttpEndpoints.Limits(read, request, maxConnections, 8));
    }

    /** The server closes: reads reach EOF (after at most a 408 answer), within 5 s. */
    private static void assertClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        try {
            String answer = readAll(socket.getInputStream());
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408 "), answer);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a stalled connection open for 5 s", e);
        } catch (SocketException e) {
            // reset by the server: closed as well
        }
    }

    private static void writeQuietly(Socket socket, String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // closed by the server: stops the trickle
        }
    }

    private HttpEndpoints start(HttpEndpoints.Options options) throws IOException {
        HttpEndpoints started = new HttpEndpoints(options, new Metrics(), Optional::empty,
                Optional.of(WebhookSecret.of("s3cr3t-webhook")), () -> {});
        started.start();
        return started;
    }

    /** A connection that sent {@code text} (less than a whole request) and then stays silent. */
    private Socket halfOpen(String text) throws IOException {
        URI address = endpoints.address();
        Socket socket = new Socket("127.0.0.1", address.getPort());
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** A whole GET on a new connection, as a liveness probe sends it; the status code, or fails after 3 s. */
    private int probe(String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", endpoints.address().getPort()), (int) PROBE_TIMEOUT.toMillis());
            socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAll(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 "), answer);
            return Integer.parseInt(answer.substring(9, 12));
        } catch (SocketTimeoutException e) {
            throw new AssertionError(path + " did not answer within " + PROBE_TIMEOUT, e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
