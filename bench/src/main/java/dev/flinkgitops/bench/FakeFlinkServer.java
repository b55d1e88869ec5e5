package dev.flinkgitops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake Flink session cluster's REST API on 127.0.0.1 (JDK HttpServer): the subset
 * {@code FlinkRestClient} calls, with the shapes of Flink 1.20/2.x. Jobs live in memory; a run
 * job is RUNNING at once, savepoints complete at once (a stop finishes the job). It runs in
 * the bench's JVM, so a daemon started as a child process talks to it over real HTTP.
 */
final class FakeFlinkServer implements AutoCloseable {

    private record Job(String id, String name, String state, long startTime) {}

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** Savepoint trigger id to its location. */
    private final Map<String, String> savepoints = new ConcurrentHashMap<>();
    private final AtomicLong listings = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService executor;

    private FakeFlinkServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static FakeFlinkServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread thread = new Thread(r, "fake-flink-rest");
                thread.setDaemon(true);
                return thread;
            });
            http.setExecutor(executor);
            FakeFlinkServer fake = new FakeFlinkServer(http, executor);
            http.createContext("/", fake::handle);
            http.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    long running() {
        return jobs.values().stream().filter(j -> j.state().equals("RUNNING")).count();
    }

    /** GET /jobs/overview calls so far (the daemon makes one per tick). */
    long listings() {
        return listings.get();
    }

    long requests() {
        return requests.get();
    }

    /** POST /jars/:id/run calls so far. */
    long runs() {
        return runs.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String method = exchange.getRequestMethod();
            String[] path = exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "").split("/");
            JsonNode body = readBody(exchange, path);
            Object answer = route(method, path, body);
            if (answer == null) {
                send(exchange, 404, json.createObjectNode().set("errors", json.createArrayNode().add("Not found: " + method
                        + " " + exchange.getRequestURI().getPath())));
            } else {
                send(exchange, method.equals("GET") || path[0].equals("jars") ? 200 : 202, answer);
            }
        } catch (RuntimeException e) {
            send(exchange, 500, json.createObjectNode().set("errors", json.createArrayNode().add(e.toString())));
        }
    }

    /** Path segments that are names; any other segment (a job, jar or trigger id) matches "*". */
    private static final java.util.Set<String> NAMES =
            java.util.Set.of("overview", "upload", "run", "stop", "savepoints", "status", "checkpoints", "config");

    /** The answer's JSON, or null for an unknown path or job (404). */
    private Object route(String method, String[] p, JsonNode body) {
        StringBuilder route = new StringBuilder(method).append(' ').append(p[0]);
        for (int i = 1; i < p.length; i++) {
            route.append('/').append(NAMES.contains(p[i]) ? p[i] : "*");
        }
        String job = p.length > 1 ? p[1] : "";
        return switch (route.toString()) {
            case "POST jars/upload" -> Map.of("filename", "/tmp/flink-web-upload/" + UUID.randomUUID() + "_job.jar",
                    "status", "success");
            case "POST jars/*/run" -> run(body);
            case "GET jobs/overview" -> overview();
            case "PATCH jobs/*" -> transition(job, "CANCELED") ? Map.of() : null;
            case "POST jobs/*/stop" -> savepoint(job, body.path("targetDirectory").asText("file:///savepoints"),
                    body.path("triggerId").asText(newId()), true);
            case "POST jobs/*/savepoints" -> savepoint(job, body.path("target-directory").asText("file:///savepoints"),
                    body.path("triggerId").asText(newId()), false);
            case "GET jobs/*/savepoints/*" -> savepointStatus(p[3]);
            case "GET jobs/*/status" -> jobs.containsKey(job) ? Map.of("status", jobs.get(job).state()) : null;
            case "GET jobs/*/checkpoints" -> jobs.containsKey(job) ? checkpoints() : null;
            case "GET jobs/*/checkpoints/config" -> jobs.containsKey(job)
                    ? Map.of("mode", "exactly_once", "interval", 5000,
                            "externalization", Map.of("enabled", true, "delete_on_cancellation", false)) : null;
            case "POST savepoint-disposal" -> Map.of("request-id", newId());
            case "GET savepoint-disposal/*" -> Map.of("status", Map.of("id", "COMPLETED"));
            default -> null;
        };
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private ObjectNode overview() {
        listings.incrementAndGet();
        ObjectNode answer = json.createObjectNode();
        ArrayNode list = answer.putArray("jobs");
        for (Job job : jobs.values()) {
            list.addObject().put("jid", job.id()).put("name", job.name()).put("state", job.state())
                    .put("start-time", job.startTime()).put("end-time", -1).put("duration", 1000)
                    .putObject("tasks").put("total", 2).put("running", job.state().equals("RUNNING") ? 2 : 0);
        }
        return answer;
    }

    private Map<String, String> run(JsonNode body) {
        runs.incrementAndGet();
        String id = body.path("jobId").asText(newId());
        String name = body.path("programArgsList").toString();
        jobs.put(id, new Job(id, name.length() > 60 ? name.substring(0, 60) : name, "RUNNING", System.currentTimeMillis()));
        return Map.of("jobid", id);
    }

    private boolean transition(String jobId, String state) {
        return jobs.computeIfPresent(jobId, (id, job) -> new Job(id, job.name(), state, job.startTime())) != null;
    }

    private Map<String, String> savepoint(String jobId, String directory, String triggerId, boolean stop) {
        if (!jobs.containsKey(jobId)) {
            return null;
        }
        savepoints.putIfAbsent(triggerId, directory + "/savepoint-" + triggerId.substring(0, 6));
        if (stop) {
            transition(jobId, "FINISHED");
        }
        return Map.of("request-id", triggerId);
    }

    private Object savepointStatus(String triggerId) {
        String location = savepoints.get(triggerId);
        return location == null ? null
                : Map.of("status", Map.of("id", "COMPLETED"), "operation", Map.of("location", location));
    }

    private Map<String, Object> checkpoints() {
        long now = System.currentTimeMillis();
        return Map.of("counts", Map.of("completed", 1, "failed", 0, "in_progress", 0, "restored", 0, "total", 1),
                "latest", Map.of("completed", Map.of("id", 1, "status", "COMPLETED", "latest_ack_timestamp", now,
                        "external_path", "file:///checkpoints/chk-1", "is_savepoint", false)));
    }

    /** The request's JSON body; a multipart upload is read and dropped. */
    private JsonNode readBody(HttpExchange exchange, String[] path) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            boolean isJson = bytes.length > 0 && !(path.length > 1 && path[1].equals("upload"));
            return isJson ? json.readTree(bytes) : json.createObjectNode();
        }
    }

    private void send(HttpExchange exchange, int status, Object answer) throws IOException {
        byte[] bytes = json.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
