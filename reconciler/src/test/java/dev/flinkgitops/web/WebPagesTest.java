package dev.flinkgitops.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.git.FileHistory;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.pages.Health;
import dev.flinkgitops.server.HttpEndpoints;
import dev.flinkgitops.server.Metrics;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.status.StatusCodec;
import dev.flinkgitops.testing.SpecRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages and their JSON over real HTTP, from a real spec repository and status branch (file:// git): what
 * each shows, redaction canaries (a secret in flinkConfiguration, in job arguments, a token in a git URL in a
 * commit subject and in a status message never appear), escaping, 404 for an unknown app, 400 for a bad filter.
 */
class WebPagesTest {

    static final String CONFIG_CANARY = "CANARY-CONFIG-7f3a";
    static final String ARG_CANARY = "CANARY-ARG-91bc";
    static final String TOKEN_CANARY = "CANARY-TOKEN-55de";
    static final String MESSAGE_CANARY = "CANARY-MESSAGE-c0de";
    static final String ENV_CANARY = "CANARY-ENV-e11e";
    static final AppId APP = new AppId("pay", "orders");
    static final String SAVEPOINT = "file:///tmp/savepoints/savepoint-aa11";

    @TempDir
    static Path dir;

    static GitRepository mirror;
    static HttpEndpoints endpoints;
    static String v1;
    static String v2;
    static final AtomicReference<Map<AppId, AppStatus>> statuses = new AtomicReference<>();
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void repositoryStatusAndServer() throws Exception {
        Path origin = dir.resolve("origin.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
        try (SpecRepo specs = SpecRepo.create(dir.resolve("work"), origin.toUri().toString())) {
            specs.write("apps/pay/session.yaml", SESSION).write("apps/pay/clicks.yaml", SESSION_JOB)
                    .write("apps/other/session.yaml", SESSION.replace("v2_3", "v1_18").replace("namespace: pay", "namespace: other"));
            v1 = specs.write("apps/pay/orders.yaml", spec(2)).commitAndPush("orders: <script>alert(1)</script> first");
            v2 = specs.write("apps/pay/orders.yaml", spec(4))
                    .commitAndPush("orders: parallelism 4, see https://bob:" + TOKEN_CANARY + "@git.example.com/x.git");
        }
        mirror = GitRepository.open(dir.resolve("mirror.git"), origin.toUri().toString(), null, 10);
        mirror.fetch();
        StatusBranch branch = new StatusBranch(mirror, "status", new PersonIdent("flink-gitops", "fg@localhost"), 3);
        StatusCodec codec = new StatusCodec();
        for (AppStatus version : new AppStatus[] {running(), upgrading(), upgraded()}) {
            branch.write(Map.of(APP.statusPath(), codec.write(version)), "pay/orders: " + version.phase());
        }
        statuses.set(new java.util.TreeMap<>(Map.of(APP, upgraded().withPhase(Phase.RUNNING,
                "job j2 is RUNNING <script>x</script>, see https://alice:" + MESSAGE_CANARY + "@git.example.com/r.git"),
                CLICKS, AppStatus.empty(CLICKS.toString(), "apps/pay/clicks.yaml").withSpec("apps/pay/clicks.yaml", v2, "hc")
                        .withPhase(Phase.STALLED, "invalid spec"))));
        Health health = new Health(true, Instant.parse("2026-11-30T10:00:00Z"), Duration.ofMillis(42), null, true,
                Map.of("embedded", "ok"), null);
        PageData data = new PageData(statuses::get, () -> health, new FileHistory(mirror), "status",
                cluster -> "http://127.0.0.1:8081/", Clock.fixed(Instant.parse("2026-11-30T10:00:05Z"), ZoneOffset.UTC));
        endpoints = new HttpEndpoints(new HttpEndpoints.Options(new InetSocketAddress("127.0.0.1", 0), 1024), new Metrics(),
                Optional::empty, Optional.empty(), () -> { }, new WebPages(data));
        endpoints.start();
    }

    @AfterAll
    static void close() {
        endpoints.close();
        mirror.close();
    }

    static String spec(int parallelism) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: orders
                  namespace: pay
                spec:
                  flinkVersion: v1_20
                  flinkConfiguration:
                    s3.secret-key: %s
                    state.savepoints.dir: file:///tmp/savepoints
                  podTemplate:
                    spec:
                      containers:
                        - name: flink-main-container
                          env: [{name: DB_PASSWORD, value: %s}, {name: MODE, value: fast}]
                  job:
                    jarURI: https://carol:%s@jars.example.com/job.jar
                    args: ["--password", "%s", "--tag", "<b>v1</b>"]
                    parallelism: %d
                """.formatted(CONFIG_CANARY, ENV_CANARY, TOKEN_CANARY, ARG_CANARY, parallelism);
    }

    static final String SESSION = """
            apiVersion: flink.apache.org/v1beta1
            kind: FlinkDeployment
            metadata: {name: session, namespace: pay}
            spec: {flinkVersion: v2_3}
            """;
    static final String SESSION_JOB = """
            apiVersion: flink.apache.org/v1beta1
            kind: FlinkSessionJob
            metadata: {name: clicks, namespace: pay}
            spec:
              deploymentName: session
              job: {jarURI: file:///x.jar, parallelism: 1}
            """;
    static final AppId CLICKS = new AppId("pay", "clicks");

    static AppStatus running() {
        return AppStatus.empty(APP.toString(), "apps/pay/orders.yaml").withSpec("apps/pay/orders.yaml", v1, "h1")
                .withJob(new JobRecord("j1", "embedded", "RUNNING", 1, null, "2026-11-30T09:00:00Z"))
                .withStable(v1, "h1").withPhase(Phase.RUNNING, "job j1 is RUNNING");
    }

    static AppStatus upgrading() {
        return running().withOperation(new OperationRecord(OperationType.UPGRADE, OperationStep.STOPPING, v2, "h2",
                UpgradeMode.SAVEPOINT, "t1", "j1", null, "2026-11-30T09:30:00Z"))
                .withError(new ErrorRecord("savepoint failed once", v2, "h2", 1, "2026-11-30T09:31:00Z", null))
                .withPhase(Phase.UPGRADING, "upgrading to " + v2.substring(0, 10) + ": stop with savepoint");
    }

    static AppStatus upgraded() {
        return upgrading().withOperation(null).withError(null).withSpec("apps/pay/orders.yaml", v2, "h2")
                .withSavepoint(new SavepointRecord(SAVEPOINT, "t1", "upgrade", "j1", v1, "2026-11-30T09:32:00Z"))
                .withJob(new JobRecord("j2", "embedded", "RUNNING", 2, SAVEPOINT, "2026-11-30T09:33:00Z"))
                .withPhase(Phase.RUNNING, "job j2 is RUNNING");
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(endpoints.address().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertNoCanary(String body) {
        for (String canary : new String[] {CONFIG_CANARY, ARG_CANARY, TOKEN_CANARY, MESSAGE_CANARY, ENV_CANARY}) {
            assertFalse(body.contains(canary), canary + " leaked:\n" + body);
        }
    }

    @Test
    void theFleetShowsEachAppWithItsCommitVersionAndSavepointAndNothingSecretOrRaw() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"), page.headers().toString());
        String body = page.body();
        assertTrue(body.contains("<meta http-equiv=\"refresh\""), body);
        assertTrue(body.contains("href=\"/apps/pay/orders\""), body);
        assertTrue(body.contains("class=\"phase ok\">RUNNING"), body);
        assertTrue(body.contains("v1_20"), body);
        assertTrue(body.contains(v2.substring(0, 10)), body);
        assertTrue(body.contains("parallelism 4, see https://git.example.com/x.git"), body);
        assertTrue(body.contains("33s ago (upgrade)") || body.contains("ago (upgrade)"), body);
        assertTrue(body.contains("leader") && body.contains("took 42 ms"), body);
        assertTrue(body.contains("job j2 is RUNNING") || body.contains("j2"), body);
        assertFalse(body.contains("<script>"), body);
        assertNoCanary(body);
    }

    @Test
    void theAppPageShowsTheLineageNewestFirstWithTheRestorePointAndTheSpecDiff() throws Exception {
        HttpResponse<String> page = get("/apps/pay/orders");
        assertEquals(200, page.statusCode());
        String body = page.body();
        int newJob = body.indexOf("<code>j2</code>");
        int oldJob = body.indexOf("<code>j1</code></b>");
        assertTrue(newJob > 0 && oldJob > newJob, "newest first:\n" + body);
        assertTrue(body.contains("restored from: <code class=\"restored\">" + SAVEPOINT + "</code>"), body);
        assertTrue(body.contains("<td><code>" + SAVEPOINT + "</code></td><td>upgrade</td>"), body);
        assertTrue(body.contains("savepoint failed once"), body);
        assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt; first"), body);
        assertTrue(body.contains("<span class=\"del\">-     parallelism: 2</span>"), body);
        assertTrue(body.contains("<span class=\"add\">+     parallelism: 4</span>"), body);
        assertTrue(body.contains("s3.secret-key: &lt;redacted&gt;"), body);
        assertTrue(body.contains("&lt;b&gt;v1&lt;/b&gt;"), body);
        assertTrue(body.contains("value: fast"), "a plain environment variable is shown: " + body);
        assertTrue(body.contains("href=\"http://127.0.0.1:8081/\""), body);
        assertFalse(body.contains("<script>") || body.contains("<b>v1"), body);
        assertNoCanary(body);
    }

    @Test
    void theJsonHasTheDocumentedShapeAndNothingSecret() throws Exception {
        HttpResponse<String> fleet = get("/api/v1/apps");
        assertEquals(200, fleet.statusCode());
        assertEquals("application/json", fleet.headers().firstValue("content-type").orElse(""));
        assertNoCanary(fleet.body());
        JsonNode root = new ObjectMapper().readTree(fleet.body());
        assertTrue(root.path("health").path("leader").asBoolean(), fleet.body());
        assertEquals(42, root.path("health").path("lastTickMillis").asInt());
        assertEquals(1, root.path("counts").path("RUNNING").asInt());
        assertEquals(1, root.path("counts").path("STALLED").asInt());
        JsonNode clicks = root.path("apps").path(0);
        assertEquals("pay/clicks", clicks.path("app").asText());
        assertEquals("v2_3", clicks.path("flinkVersion").asText(), "a session job's version is its session cluster's");
        JsonNode app = root.path("apps").path(1);
        assertEquals("pay/orders", app.path("app").asText());
        assertEquals("RUNNING", app.path("phase").asText());
        assertEquals(v2, app.path("specCommit").path("sha").asText());
        assertEquals("test", app.path("specCommit").path("author").asText());
        assertEquals("v1_20", app.path("flinkVersion").asText());
        assertEquals("j2", app.path("job").path("id").asText());
        assertEquals(SAVEPOINT, app.path("job").path("restoredFrom").asText());
        assertEquals(SAVEPOINT, app.path("lastSavepoint").path("path").asText());
        assertTrue(app.path("operation").isNull() && app.path("lastError").isNull(), app.toString());
        assertEquals("/api/v1/apps/pay/orders", app.path("links").path("api").asText());

        HttpResponse<String> one = get("/api/v1/apps/pay/orders");
        assertEquals(200, one.statusCode());
        assertNoCanary(one.body());
        JsonNode detail = new ObjectMapper().readTree(one.body());
        assertEquals(v1, detail.path("stableCommit").asText());
        assertEquals(2, detail.path("lineage").size(), one.body());
        assertEquals("j2", detail.path("lineage").path(0).path("jobId").asText());
        assertEquals(SAVEPOINT, detail.path("lineage").path(0).path("restoredFrom").asText());
        assertEquals("upgrade", detail.path("lineage").path(1).path("savepoints").path(0).path("reason").asText());
        assertEquals("error", detail.path("lineage").path(1).path("events").path(0).path("kind").asText(), one.body());
        assertTrue(detail.path("spec").asText().contains("parallelism: 4"), one.body());
        assertTrue(detail.path("diffToStable").toString().contains("{\"op\":\"+\",\"text\":\"    parallelism: 4\"}"), one.body());
    }

    @Test
    void anUnknownAppIs404AndABadFilter400AndOnlyGetIsAllowed() throws Exception {
        assertEquals(404, get("/apps/pay/nope").statusCode());
        HttpResponse<String> api = get("/api/v1/apps/pay/nope");
        assertEquals(404, api.statusCode());
        assertEquals("no app pay/nope", new ObjectMapper().readTree(api.body()).path("error").asText());
        assertEquals(404, get("/apps/pay").statusCode());
        assertEquals(404, get("/elsewhere").statusCode());
        HttpResponse<String> bad = get("/?phase=SLEEPING");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("unknown phase 'SLEEPING'"), bad.body());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(endpoints.address().resolve("/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("allow").orElse(""));
        assertEquals(404, http.send(HttpRequest.newBuilder(endpoints.address().resolve("/elsewhere"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, get("/?namespace=pay&phase=running").statusCode());
        assertFalse(get("/?namespace=other").body().contains("data-app=\"pay/orders\""));
    }
}
