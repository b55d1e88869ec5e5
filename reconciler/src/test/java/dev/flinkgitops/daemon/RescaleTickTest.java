package dev.flinkgitops.daemon;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Clusters;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.server.Metrics;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A parallelism change through whole ticks (real git, the fake Flink): in place on a cluster with the adaptive
 * scheduler; Flink's refusal is recorded, counted, and the savepoint upgrade follows; without the adaptive scheduler
 * the savepoint upgrade is made at once.
 */
class RescaleTickTest {

    private static final AppId APP = new AppId("team", "app");

    @TempDir
    Path dir;

    private final FakeFlink flink = new FakeFlink();
    private final Metrics metrics = new Metrics();
    private final TickMetrics tickMetrics = new TickMetrics(metrics);
    private GitServer server;
    private SpecRepo specs;
    private GitRepository repo;
    private Tick tick;

    /** {@link TickTest}'s session job as team/app, at {@code parallelism}. */
    static String spec(int parallelism) {
        return TickTest.spec("app", "v1").replace("    upgradeMode:", "    parallelism: " + parallelism + "\n    upgradeMode:");
    }

    @BeforeEach
    void setUp() throws Exception {
        server = GitServer.start(dir.resolve("server"));
        String url = server.createRepository("origin.git");
        specs = SpecRepo.create(dir.resolve("work"), url);
        repo = GitRepository.open(dir.resolve("mirror"), url, null, 10);
        Clusters clusters = new Clusters(Map.of("default", new Cluster("default", "fake://", flink, flink, flink, flink)), null);
        PlannerSettings settings = new PlannerSettings("default", "file:///savepoints", Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofMinutes(15), 5, false);
        tick = Tick.builder(repo, clusters, settings).jars(new FakeJars()).statusWriter(new PersonIdent("t", "t@x"), 3).build();
    }

    @AfterEach
    void tearDown() {
        tick.close();
        repo.close();
        specs.close();
        server.close();
    }

    private AppStatus status() {
        return tick.statuses().get(APP);
    }

    /** Runs ticks (counting metrics as the daemon does) until the app runs {@code commit}'s spec, at most 10. */
    private AppStatus runUntilRunning(String commit) {
        for (int i = 0; i < 10; i++) {
            step();
            if (status() != null && status().phase() == Phase.RUNNING && commit.equals(status().specCommit())
                    && status().operation() == null) {
                return status();
            }
        }
        throw new AssertionError("not running " + commit + " after 10 ticks: " + status());
    }

    /** One tick, its metrics counted as the daemon counts them. */
    private AppStatus step() {
        Map<AppId, AppStatus> before = Map.copyOf(tick.statuses());
        TickReport report = tick.run();
        tickMetrics.succeeded(before, report, tick.statuses(), Duration.ZERO, Instant.now());
        return status();
    }

    private double rescales(String result) {
        return metrics.scrape().lines().filter(line -> line.startsWith("flinkgitops_rescales_total{result=\"" + result + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void onTheAdaptiveSchedulerTheSameJobRunsAtTheNewParallelism() {
        flink.adaptiveScheduler("1.20.5");
        AppStatus first = runUntilRunning(specs.write("apps/app.yaml", spec(2)).commitAndPush("p2"));
        assertEquals(2, flink.parallelism(first.job().id()));

        String scale = specs.write("apps/app.yaml", spec(4)).commitAndPush("p4");
        AppStatus rescaled = runUntilRunning(scale);

        assertEquals(first.job().id(), rescaled.job().id(), "no new job");
        assertEquals(JobState.RUNNING, flink.state(first.job().id()));
        assertEquals(4, flink.parallelism(first.job().id()));
        assertEquals(4, rescaled.job().parallelism());
        assertEquals(1, flink.submissions(), "nothing was submitted again");
        assertTrue(rescaled.savepoints().isEmpty(), "no savepoint: " + rescaled.savepoints());
        assertEquals(1.0, rescales("in_place"));
    }

    @Test
    void aRefusedRescaleIsRecordedAndCountedAndTheSavepointUpgradeFollows() {
        flink.adaptiveScheduler("1.20.5").refuseNextRescale("UnsupportedOperationException: no");
        AppStatus first = runUntilRunning(specs.write("apps/app.yaml", spec(2)).commitAndPush("p2"));

        String scale = specs.write("apps/app.yaml", spec(4)).commitAndPush("p4");
        String refusal = null;
        for (int i = 0; i < 5 && refusal == null; i++) {
            if (step().operation() != null && status().operation().type() == OperationType.UPGRADE) {
                refusal = status().message();
            }
        }
        assertTrue(refusal != null && refusal.startsWith("Flink refused to rescale job " + first.job().id() + " in place")
                && refusal.contains("UnsupportedOperationException: no") && refusal.contains("stop job"), refusal);
        assertEquals(1.0, rescales("savepoint_upgrade"));

        AppStatus upgraded = runUntilRunning(scale);
        assertNotEquals(first.job().id(), upgraded.job().id(), "the savepoint upgrade started a new job");
        assertEquals(upgraded.lastSavepoint().path(), upgraded.job().restoredFrom());
        assertEquals(4, flink.parallelism(upgraded.job().id()));
        assertNull(upgraded.job().parallelism(), "a new job runs at its spec's parallelism");
    }

    /** Only a change of the parallelism alone reads whether the job can be rescaled in place. */
    @Test
    void anyOtherChangeDoesNotAskWhetherTheJobCanBeRescaled() {
        flink.adaptiveScheduler("1.20.5").recordCalls();
        AppStatus first = runUntilRunning(specs.write("apps/app.yaml", spec(2)).commitAndPush("p2"));
        long since = System.nanoTime();
        AppStatus upgraded = runUntilRunning(specs.write("apps/app.yaml",
                TickTest.spec("app", "v2").replace("    upgradeMode:", "    parallelism: 2\n    upgradeMode:")).commitAndPush("args"));

        assertNotEquals(first.job().id(), upgraded.job().id(), "an args change is a savepoint upgrade");
        assertEquals(List.of(), flink.callsSince(since).stream().filter(call -> call.method().equals("rescaleView")).toList());
    }

    @Test
    void withoutTheAdaptiveSchedulerAParallelismChangeIsASavepointUpgrade() {
        AppStatus first = runUntilRunning(specs.write("apps/app.yaml", spec(2)).commitAndPush("p2"));
        String scale = specs.write("apps/app.yaml", spec(4)).commitAndPush("p4");
        step();
        assertEquals(OperationType.UPGRADE, status().operation().type());
        assertTrue(status().message().contains("not in place: the scheduler is not adaptive"), status().message());

        AppStatus upgraded = runUntilRunning(scale);
        assertNotEquals(first.job().id(), upgraded.job().id());
        assertEquals(JobState.FINISHED, flink.state(first.job().id()), "stopped with a savepoint");
        assertEquals(0.0, rescales("in_place") + rescales("savepoint_upgrade"));
    }
}
