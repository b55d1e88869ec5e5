package dev.flinkgitops.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.notify.DeliveryMeters;
import dev.flinkgitops.notify.Notifier;
import dev.flinkgitops.notify.NotifyUrl;
import dev.flinkgitops.notify.Sender;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Clusters;
import dev.flinkgitops.port.JobIds;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.WebhookReceiver;
import dev.flinkgitops.testing.FakeFlink;
import dev.flinkgitops.testing.FakeJars;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.SpecRepo;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notifications from whole ticks (real git, fake Flink) to real receivers on 127.0.0.1: every
 * outcome once, none again after a restart, and a receiver that never answers delays no tick.
 */
class TickNotificationsTest {

    private static final AppId APP = new AppId("team", "app");
    private static final String CANARY = "hunter2-canary";

    @TempDir
    Path dir;

    private final FakeFlink flink = new FakeFlink();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private SpecRepo specs;
    private GitRepository repo;
    private Clusters clusters;
    private PlannerSettings settings;
    private Tick tick;

    static String spec(String tag, String state) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkSessionJob
                metadata:
                  name: app
                  namespace: team
                spec:
                  deploymentName: default
                  job:
                    jarURI: file:///jobs/counter.jar
                    args: ["--tag", "%s", "--password", "%s"]
                    upgradeMode: savepoint
                    state: %s
                """.formatted(tag, CANARY, state);
    }

    @BeforeEach
    void setUp() throws Exception {
        GitServer server = GitServer.start(dir.resolve("server"));
        closing.add(server);
        String url = server.createRepository("origin.git");
        specs = SpecRepo.create(dir.resolve("work"), url);
        closing.add(specs);
        repo = GitRepository.open(dir.resolve("mirror"), url, null, 10);
        closing.add(repo);
        clusters = new Clusters(Map.of("default", new Cluster("default", "fake://", flink, flink, flink)), null);
        settings = new PlannerSettings("default", "file:///savepoints", Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofMinutes(15), 5, false);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private Notifier notifier(Sender.Settings senderSettings, String... urls) {
        List<Sender> senders = new ArrayList<>();
        for (String url : urls) {
            senders.add(new Sender(NotifyUrl.parse(url), senderSettings, DeliveryMeters.NONE));
        }
        return new Notifier(senders, Duration.ofSeconds(5));
    }

    private Tick tick(Notifier notifier) {
        Tick built = Tick.builder(repo, clusters, settings).jars(new FakeJars()).notifier(notifier)
                .statusWriter(new PersonIdent("t", "t@x"), 3).build();
        closing.add(built);
        return built;
    }

    private WebhookReceiver receiver() throws java.io.IOException {
        WebhookReceiver receiver = new WebhookReceiver();
        closing.add(receiver);
        return receiver;
    }

    /** A new tick (a daemon's start) whose notifications go to {@code url}. */
    private Notifier notifying(String url) {
        Notifier notifier = notifier(Sender.Settings.DEFAULTS, url);
        tick = tick(notifier);
        return notifier;
    }

    private AppStatus status() {
        return tick.statuses().get(APP);
    }

    /** Ticks until the app's status passes {@code done} (at most 20 ticks). */
    private void tickUntil(String what, Predicate<AppStatus> done) {
        for (int i = 0; i < 20; i++) {
            tick.run();
            if (status() != null && done.test(status())) {
                return;
            }
        }
        throw new AssertionError("not " + what + " after 20 ticks: " + status());
    }

    private static Predicate<AppStatus> settled(Phase phase) {
        return status -> status.phase() == phase && status.operation() == null;
    }

    private static List<JsonNode> events(WebhookReceiver receiver) {
        ObjectMapper json = new ObjectMapper();
        return receiver.bodies().stream().map(body -> {
            try {
                return json.readTree(body);
            } catch (Exception e) {
                throw new AssertionError(body, e);
            }
        }).toList();
    }

    private static List<String> names(WebhookReceiver receiver) {
        return events(receiver).stream().map(event -> event.get("event").asText()).toList();
    }

    @Test
    void everyOutcomeOfALifeIsOneEventAndARestartSendsNoneAgain() throws Exception {
        WebhookReceiver receiver = receiver();
        Notifier notifier = notifying(receiver.url("/hooks/T1/B1/" + CANARY));

        specs.write("apps/app.yaml", spec("v1", "running")).commitAndPush("v1");
        tickUntil("running", settled(Phase.RUNNING));
        specs.write("apps/app.yaml", spec("v2", "running")).commitAndPush("v2");
        tickUntil("upgraded", settled(Phase.RUNNING).and(s -> s.job().generation() == 2));
        String upgradeSavepoint = status().job().restoredFrom();
        String stray = JobIds.derive(APP, "some-old-commit", 9);
        flink.running(stray);
        tick.run();
        tick.run();
        specs.write("apps/app.yaml", spec("v2", "suspended")).commitAndPush("suspend");
        tickUntil("suspended", settled(Phase.SUSPENDED));
        String suspendSavepoint = status().lastSavepoint().path();
        specs.write("apps/app.yaml", spec("v2", "running")).commitAndPush("resume");
        tickUntil("resumed", settled(Phase.RUNNING).and(s -> s.job().generation() == 3));
        flink.failNextSavepoint("disk full (token=" + CANARY + ")");
        specs.write("apps/app.yaml", spec("v3", "running")).commitAndPush("v3");
        tickUntil("blocked", s -> s.phase() == Phase.BLOCKED);
        specs.write("apps/app.yaml", "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\nmetadata: {name: app, namespace: team}\n"
                + "spec: {deploymentName: default, job: {jarURI: 42}}\n").commitAndPush("broken");
        tickUntil("stalled", s -> s.phase() == Phase.STALLED);
        specs.write("apps/app.yaml", spec("v3", "running")).commitAndPush("fixed");
        tickUntil("upgraded again", settled(Phase.RUNNING).and(s -> s.job().generation() == 4));
        specs.delete("apps/app.yaml").write("apps/other.yaml", spec("x", "running").replace("name: app", "name: other"))
                .commitAndPush("delete app, keep another so the deletion is not a mass deletion");
        tickUntil("deleted", settled(Phase.DELETED));
        String finalSavepoint = status().lastSavepoint().path();
        tick.run();
        notifier.close();

        List<String> expected = List.of("deployed", "upgraded", "stray_job_stopped", "suspended", "resumed", "blocked",
                "stalled", "upgraded", "deployed", "deleted");
        List<JsonNode> events = events(receiver);
        assertEquals(expected, names(receiver), receiver.bodies().toString());
        assertEquals(upgradeSavepoint, events.get(1).get("savepoint").asText());
        assertEquals(suspendSavepoint, events.get(3).get("savepoint").asText());
        assertEquals(suspendSavepoint, events.get(4).get("savepoint").asText(), "resumed from the suspend savepoint");
        assertEquals(finalSavepoint, events.get(9).get("savepoint").asText());
        assertEquals("team/other", events.get(8).get("app").asText());
        assertTrue(events.get(2).get("message").asText().contains(stray), events.get(2).toString());
        for (JsonNode event : events) {
            assertFalse(event.toString().contains(CANARY), event.toString());
            assertNotNull(event.get("text").asText(null), "Slack's text");
            assertTrue(event.get("text").asText().contains(event.get("app").asText()), event.toString());
        }

        int before = receiver.bodies().size();
        Notifier restarted = notifying(receiver.url("/hooks/T1/B1/" + CANARY));
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        restarted.close();
        assertEquals(before, receiver.bodies().size(), "a restarted daemon sends nothing again: " + names(receiver));
    }

    @Test
    void aRedeployFromAChosenPointIsAnUpgradeAndAStateRegression() throws Exception {
        WebhookReceiver receiver = receiver();
        Notifier notifier = notifying(receiver.url("/hook"));
        specs.write("apps/app.yaml", spec("v1", "running")).commitAndPush("v1");
        tickUntil("running", settled(Phase.RUNNING));
        specs.write("apps/app.yaml", spec("v1", "running").replace("upgradeMode: savepoint",
                "upgradeMode: savepoint\n    initialSavepointPath: file:///savepoints/chosen\n    savepointRedeployNonce: 1"))
                .commitAndPush("redeploy from a chosen point");
        tickUntil("redeployed", settled(Phase.RUNNING).and(s -> s.job().generation() == 2));
        notifier.close();

        assertEquals(List.of("deployed", "upgraded", "state_regression"), names(receiver));
        List<JsonNode> events = events(receiver);
        assertEquals("file:///savepoints/chosen", events.get(1).get("savepoint").asText());
        assertEquals("file:///savepoints/chosen", events.get(2).get("savepoint").asText());
        assertTrue(events.get(2).get("message").asText().startsWith("state regression by choice"), events.get(2).toString());

        Daemon restarted = new Daemon(tick(notifier(Sender.Settings.DEFAULTS)), Duration.ofMillis(50), Duration.ofMillis(10),
                () -> { }, null, dev.flinkgitops.kube.Leadership.always());
        restarted.tickOnce();
        String series = "flinkgitops_state_regressions_total ";
        assertEquals(List.of(series + "0.0"), java.util.Arrays.stream(restarted.metrics().scrape().split("\n"))
                .filter(line -> line.startsWith(series)).toList(), "a restarted daemon does not count the recorded regression again");
        restarted.close();
    }

    @Test
    void aVersionThatFailsOnStartIsUpgradedThenRolledBack() throws Exception {
        WebhookReceiver receiver = receiver();
        Notifier notifier = notifying(receiver.url("/hook"));
        String rollback = "\n  flinkConfiguration:\n    kubernetes.operator.deployment.rollback.enabled: \"true\"\n";
        specs.write("apps/app.yaml", spec("v1", "running") + rollback).commitAndPush("v1");
        tickUntil("running", settled(Phase.RUNNING));
        flink.failOnStart("broken");
        specs.write("apps/app.yaml", spec("broken", "running") + rollback).commitAndPush("v2 cannot start");
        tickUntil("rolled back", s -> s.phase() == Phase.ROLLED_BACK);
        String restored = status().job().restoredFrom();
        tick.run();
        notifier.close();

        assertEquals(List.of("deployed", "upgraded", "rolled_back"), names(receiver));
        JsonNode rolledBack = events(receiver).get(2);
        assertEquals(restored, rolledBack.get("savepoint").asText());
        assertEquals(events(receiver).get(1).get("savepoint").asText(), restored, "the same savepoint as the failed version's");
        assertTrue(rolledBack.get("message").asText().contains("before it was ready"), rolledBack.toString());
    }

    @Test
    void aReceiverThatNeverAnswersOrIsDownDelaysNoTickNorTheOtherReceivers() throws Exception {
        WebhookReceiver held = new WebhookReceiver().holding();
        WebhookReceiver healthy = new WebhookReceiver();
        closing.add(held);
        closing.add(healthy);
        int down;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            down = socket.getLocalPort();
        }
        Sender.Settings patient = new Sender.Settings(100, 5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
        Notifier notifier = notifier(patient, held.url("/slow"), "http://127.0.0.1:" + down + "/down", healthy.url("/ok"));
        closing.add(notifier);
        tick = tick(notifier);

        specs.write("apps/app.yaml", spec("v1", "running")).commitAndPush("v1");
        tickUntil("running", settled(Phase.RUNNING));
        assertTrue(held.awaitFirstRequest(20), "the held receiver got the first event and does not answer");
        specs.write("apps/app.yaml", spec("v2", "running")).commitAndPush("v2");
        long slowest = 0;
        for (int i = 0; i < 20 && !(settled(Phase.RUNNING).test(status()) && status().job().generation() == 2); i++) {
            long start = System.nanoTime();
            tick.run();
            slowest = Math.max(slowest, Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
        System.out.printf("[timing] slowest tick while a receiver held its answer and another was down: %d ms%n", slowest);
        assertEquals(2, status().job().generation(), "upgraded meanwhile");
        assertTrue(slowest < 5_000, "the slowest tick took " + slowest + " ms while a receiver held its answer for 60 s");
        assertEquals(1, held.requests(), "the held receiver still holds the first request");
        Await.until(Duration.ofSeconds(20), "the healthy receiver has both events", () -> healthy.bodies().size() == 2);
        assertEquals(List.of("deployed", "upgraded"), names(healthy));
    }
}
