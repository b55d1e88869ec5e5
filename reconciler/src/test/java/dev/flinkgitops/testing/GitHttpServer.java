package dev.flinkgitops.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Git's smart HTTP protocol on 127.0.0.1 with basic authentication, for tests of HTTPS-style
 * remotes: a JDK {@link HttpServer} checks {@code Authorization: Basic} (one user and token) and
 * hands every authenticated request to {@code git http-backend} as a CGI. Bare repositories are
 * created with {@code http.receivepack} enabled, so pushes work.
 */
public final class GitHttpServer implements AutoCloseable {

    /**
     * One request as the server saw it: the authenticated user (null when refused), the request
     * body's Content-Encoding (null when none) and the status answered.
     */
    public record Request(String method, String path, String user, String encoding, int status) {}

    private final Path base;
    private final String username;
    private final String token;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Path backendLog;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private GitHttpServer(Path base, String username, String token) throws IOException {
        this.base = base;
        this.username = username;
        this.token = token;
        this.backendLog = base.resolve("http-backend.log");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "git-http-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Serves the bare repositories under {@code base} to {@code username} with {@code token}. */
    public static GitHttpServer start(Path base, String username, String token) {
        try {
            Files.createDirectories(base);
            GitHttpServer server = new GitHttpServer(base, username, token);
            server.server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates an empty bare repository (branch main, pushes allowed) and returns its http:// URL. */
    public String createRepository(String name) {
        try (Git git = Git.init().setBare(true).setDirectory(base.resolve(name).toFile()).setInitialBranch("main").call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setBoolean("http", null, "receivepack", true);
            config.save();
            return url(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    public Path path(String name) {
        return base.resolve(name);
    }

    /** Every request so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        try (exchange) {
            String user = authenticatedUser(exchange.getRequestHeaders().getFirst("Authorization"));
            // Each request is noted before its answer is complete, so a client that has its answer finds it noted.
            if (user == null) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
                requests.add(new Request(method, path, null, encoding, 401));
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            cgi(exchange, status -> requests.add(new Request(method, path, user, encoding, status)), user);
        } catch (IOException | RuntimeException e) {
            requests.add(new Request(method, path, null, encoding, 500));
            throw e;
        }
    }

    /** The user when the header carries our user and token, else null. */
    private String authenticatedUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return decoded.equals(username + ":" + token) ? username : null;
    }

    /** Runs {@code git http-backend} for one request and copies its answer back; returns the status. */
    /** Runs git http-backend for the request; {@code noted} gets its status before the body is sent. */
    private void cgi(HttpExchange exchange, java.util.function.IntConsumer noted, String user) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        ProcessBuilder builder = new ProcessBuilder("git", "http-backend")
                .redirectError(ProcessBuilder.Redirect.appendTo(backendLog.toFile()));
        Map<String, String> env = builder.environment();
        env.put("GIT_PROJECT_ROOT", base.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("SERVER_PROTOCOL", "HTTP/1.1");
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        String query = exchange.getRequestURI().getRawQuery();
        env.put("QUERY_STRING", query == null ? "" : query);
        env.put("REMOTE_USER", user);
        env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
        env.put("CONTENT_LENGTH", Integer.toString(body.length));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            env.put("CONTENT_TYPE", contentType);
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        Process process = builder.start();
        // Feed the body on another thread: the backend may answer while still reading.
        Thread feeder = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(body);
            } catch (IOException ignored) {
                // the backend stopped reading; its answer says why
            }
        }, "git-http-backend-stdin");
        feeder.setDaemon(true);
        feeder.start();
        try (InputStream out = process.getInputStream()) {
            int status = 200;
            String line;
            while (!(line = headerLine(out)).isEmpty()) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.split(" ", 2)[0]);
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
            noted.accept(status);
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream response = exchange.getResponseBody()) {
                out.transferTo(response);
            }
        } finally {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** One CGI header line without its CR LF (or LF); empty at the blank line (or at the end). */
    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
