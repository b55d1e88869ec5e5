package dev.flinkgitops.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP server on 127.0.0.1 that answers as scripted, for the REST client's shape checks: each
 * {@code "METHOD /path"} gets the status and body set for it (Flink's 404 error list when none is), and the
 * request bodies it received are kept. For Flink's real answers the integration tests run a real cluster. As a
 * field, {@code @RegisterExtension final ScriptedFlink server = ScriptedFlink.start();}, it stops after each test.
 */
public final class ScriptedFlink implements AutoCloseable, org.junit.jupiter.api.extension.AfterEachCallback {

    private final HttpServer server;
    /** "METHOD path" to status and body. */
    private final Map<String, Object[]> answers = new ConcurrentHashMap<>();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();

    private ScriptedFlink(HttpServer server) {
        this.server = server;
    }

    public static ScriptedFlink start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ScriptedFlink scripted = new ScriptedFlink(server);
            server.createContext("/", exchange -> {
                String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
                scripted.bodies.put(key, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                Object[] answer = scripted.answers.getOrDefault(key,
                        new Object[] {404, "{\"errors\":[\"Not found: " + exchange.getRequestURI() + "\"]}"});
                byte[] bytes = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders((Integer) answer[0], bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return scripted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** {@code request} ("GET /jobs/overview") is answered with {@code status} and {@code body} from now on. */
    public void answer(String request, int status, String body) {
        answers.put(request, new Object[] {status, body});
    }

    /** {@code request} is answered with Flink's 404 again. */
    public void forget(String request) {
        answers.remove(request);
    }

    /** The body of the last {@code request} received, or null when none was. */
    public String body(String request) {
        return bodies.get(request);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
        close();
    }
}
