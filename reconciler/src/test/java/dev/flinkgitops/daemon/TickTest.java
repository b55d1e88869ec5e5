package dev.flinkgitops.daemon;

import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Clusters;
import dev.flinkgitops.port.Jars;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.testing.FakeFlink;
import dev.flinkgitops.testing.FakeJars;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.SpecRepo;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole ticks over a real git repository and a fake Flink cluster: apps do not wait on each other. */
class TickTest {

    @TempDir
    Path dir;

    private final FakeFlink flink = new FakeFlink();
    private SpecRepo specs;
    private GitRepository repo;
    private Tick tick;

    static String spec(String name, String tag) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkSessionJob
                metadata:
                  name: %s
                  namespace: team
                spec:
                  deploymentName: default
                  job:
                    jarURI: file:///jobs/counter.jar
                    args: ["--tag", "%s"]
                    upgradeMode: savepoint
                """.formatted(name, tag);
    }

    private GitServer server;

    @BeforeEach
    void setUp() throws Exception {
        server = GitServer.start(dir.resolve("server"));
        String url = server.createRepository("origin.git");
        specs = SpecRepo.create(dir.resolve("work"), url);
        repo = GitRepository.open(dir.resolve("mirror"), url, null, 10);
        Cluster cluster = new Cluster("default", "fake://", flink, flink, flink);
        Clusters clusters = new Clusters(Map.of("default", cluster), null);
        PlannerSettings settings = new PlannerSettings("default", "file:///savepoints", Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofMinutes(15), 5, false);
        Jars jars = new FakeJars();
        ticks = leader -> Tick.builder(repo, clusters, settings).jars(jars)
                .statusWriter(new PersonIdent("t", "t@x"), 3).leadership(leader).build();
        newTick = () -> ticks.apply(dev.flinkgitops.port.LeaderCheck.ALWAYS);
        tick = newTick();
    }

    private java.util.function.Supplier<Tick> newTick;
    private java.util.function.Function<dev.flinkgitops.port.LeaderCheck, Tick> ticks;

    private Tick newTick() {
        return newTick.get();
    }

    @AfterEach
    void tearDown() {
        tick.close();
        repo.close();
        specs.close();
        server.close();
    }

    private AppStatus status(String name) {
        return tick.statuses().get(new AppId("team", name));
    }

    /** A leader that loses the lease skips its next tick, counts it and says so; an action it can no longer do is counted too. */
    @Test
    void aLostLeaseIsCountedForTheTickAndTheActionsItSkipped() throws Exception {
        specs.write("apps/app.yaml", spec("app", "v1")).commitAndPush("v1");
        java.util.concurrent.atomic.AtomicBoolean leading = new java.util.concurrent.atomic.AtomicBoolean(true);
        Tick lost = ticks.apply(() -> false);
        Daemon actions = new Daemon(lost, Duration.ofMillis(50), Duration.ofMillis(10), () -> { }, null,
                dev.flinkgitops.kube.Leadership.always());
        TickReport report = actions.tickOnce();
        assertEquals(1, report.leaseLostActions(), "the submit was not done");
        assertEquals(0, flink.listJobs().size());
        assertEquals(1.0, counter(actions, "action"));
        actions.close();

        Daemon daemon = new Daemon(tick, Duration.ofMillis(50), Duration.ofMillis(10), () -> { }, null, leadership(leading));
        try (dev.flinkgitops.testing.LogCapture log = dev.flinkgitops.testing.LogCapture.start(Daemon.class.getName())) {
            Thread loop = new Thread(daemon::run, "daemon-loop");
            loop.start();
            dev.flinkgitops.testing.Await.until(Duration.ofSeconds(30), "a tick as the leader", () -> daemon.lastReport().isPresent());
            leading.set(false);
            dev.flinkgitops.testing.Await.until(Duration.ofSeconds(30), "the lost lease counted",
                    () -> counter(daemon, "tick") == 1.0);
            daemon.stop();
            loop.join(10_000);
            assertEquals(1.0, counter(daemon, "tick"), "once per loss, not once per standby check");
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("lease lost: the next tick is skipped")), log.lines().toString());
        } finally {
            daemon.close();
        }
    }

    private static double counter(Daemon daemon, String skipped) {
        String series = "flinkgitops_lease_lost_skips_total{skipped=\"" + skipped + "\"} ";
        return java.util.Arrays.stream(daemon.metrics().scrape().split("\n")).filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()).strip())).findFirst().orElse(-1);
    }

    private static dev.flinkgitops.kube.Leadership leadership(java.util.concurrent.atomic.AtomicBoolean leading) {
        return new dev.flinkgitops.kube.Leadership() {
            @Override
            public void start() {}

            @Override
            public boolean isLeader() {
                return leading.get();
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void whenTheIntentCannotBePushedNothingIsStopped() throws Exception {
        specs.write("apps/app.yaml", spec("app", "v1")).commitAndPush("v1");
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        String running = status("app").job().id();
        Path hook = server.path("origin.git").resolve("hooks/pre-receive");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\nwhile read old new ref; do [ \"$ref\" = refs/heads/status ] && exit 1; done\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));

        specs.write("apps/app.yaml", spec("app", "v2")).commitAndPush("v2");
        for (int i = 0; i < 3; i++) {
            assertEquals(StatusBranch.WriteResult.Outcome.REJECTED, tick.run().written().outcome());
        }

        assertEquals(JobState.RUNNING, flink.state(running), "no durable intent, no stop");
        assertEquals(Phase.RUNNING, status("app").phase(), "the daemon plans from what is durable");

        Files.delete(hook);
        for (int i = 0; i < 6; i++) {
            tick.run();
        }
        assertEquals(Phase.RUNNING, status("app").phase());
        assertEquals(JobState.FINISHED, flink.state(running), "stopped with a savepoint once the intent was durable");
    }

    @Test
    void aSlowSavepointOfOneAppDoesNotHoldBackAnother() {
        specs.write("apps/slow.yaml", spec("slow", "v1")).commitAndPush("slow v1");
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        assertEquals(Phase.RUNNING, status("slow").phase());

        flink.holdSavepoints(true);
        specs.write("apps/slow.yaml", spec("slow", "v2")).write("apps/fast.yaml", spec("fast", "v1"))
                .commitAndPush("slow v2, fast v1");
        for (int i = 0; i < 4; i++) {
            tick.run();
        }

        assertEquals(Phase.UPGRADING, status("slow").phase(), "the slow savepoint is still in progress");
        assertEquals(Phase.RUNNING, status("fast").phase(), "the other app was deployed meanwhile");
        assertTrue(tick.run().inFlight(), "an operation in flight keeps the fast interval");

        flink.holdSavepoints(false);
        for (int i = 0; i < 4; i++) {
            tick.run();
        }
        assertEquals(Phase.RUNNING, status("slow").phase());
        assertTrue(status("slow").job().restoredFrom().startsWith("file:///savepoints/team/slow/savepoint-"));
    }

    @Test
    void aTriggerThisProcessRecordedIsNotAskedForBeforeItIsSent() {
        specs.write("apps/app.yaml", spec("app", "v1")).commitAndPush("v1");
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        specs.write("apps/app.yaml", spec("app", "v2")).commitAndPush("v2");
        for (int i = 0; i < 6; i++) {
            tick.run();
        }
        assertEquals(Phase.RUNNING, status("app").phase());
        assertTrue(status("app").job().restoredFrom().startsWith("file:///savepoints/team/app/savepoint-"));
        assertEquals(0, flink.unknownTriggerQueries(), "the intent's trigger was sent before its state was read");
    }

    @Test
    void afterARestartAnUnsentTriggerIsAskedForAndThenSent() {
        specs.write("apps/app.yaml", spec("app", "v1")).commitAndPush("v1");
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        specs.write("apps/app.yaml", spec("app", "v2")).commitAndPush("v2");
        tick.run(); // records the intent only: the process "dies" before sending the trigger
        assertEquals(Phase.UPGRADING, status("app").phase());
        tick.close();
        tick = newTick();

        for (int i = 0; i < 6; i++) {
            tick.run();
        }
        assertEquals(1, flink.unknownTriggerQueries(), "a new process cannot know whether the trigger was sent: it asks");
        assertEquals(Phase.RUNNING, status("app").phase());
        assertTrue(status("app").job().restoredFrom().startsWith("file:///savepoints/team/app/savepoint-"));
    }

    @Test
    void aSpecialFloatInOneFileDoesNotStopTheOtherApps() {
        specs.write("apps/app.yaml", spec("app", "v1")).commitAndPush("v1");
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        String v1 = status("app").job().id();

        specs.write("apps/app.yaml", spec("app", "v2")).write("apps/new.yaml", spec("new", "v1"))
                .write("apps/bad.yaml", spec("bad", "v1").replace("kind: FlinkSessionJob", "kind: .inf"))
                .commitAndPush("app v2, new v1, a special float");
        TickReport report = null;
        for (int i = 0; i < 6; i++) {
            report = tick.run();
        }

        assertEquals(JobState.FINISHED, flink.state(v1), "the upgrade was applied");
        assertEquals(Phase.RUNNING, status("app").phase());
        assertTrue(status("app").job().restoredFrom().startsWith("file:///savepoints/team/app/savepoint-"));
        assertEquals(Phase.RUNNING, status("new").phase(), "the new app was deployed");
        assertEquals(List.of("apps/bad.yaml:2:7: /kind: .inf does not have a value in the enumeration"
                        + " [\"FlinkDeployment\", \"FlinkSessionJob\", \"FlinkStateSnapshot\"]"),
                report.unclaimedInvalid().stream().flatMap(r -> r.errors().stream()).map(f -> f.format()).toList());
    }

    @Test
    void aPassWithoutFetchWorksFromTheLastFetch() {
        specs.write("apps/app.yaml", spec("app", "v1")).commitAndPush("v1");
        String first = tick.run().commit();
        specs.write("apps/app.yaml", spec("app", "v2")).commitAndPush("v2");
        assertEquals(first, tick.run(false).commit(), "the new commit is not seen without a fetch");
        assertEquals(specs.head().name(), tick.run(true).commit());
    }

    /** Finding 1 of issue 11: a job list that misses a live job is not "gone": no second job is started. */
    @Test
    void aLiveJobMissingFromTheListIsNotStartedAgain() {
        specs.write("apps/app.yaml", spec("app", "v1")).commitAndPush("v1");
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        String running = status("app").job().id();
        int submitted = flink.submissions();
        flink.hideFromListing(running, true);

        TickReport report = null;
        for (int i = 0; i < 5; i++) {
            report = tick.run();
        }

        assertEquals(submitted, flink.submissions(), "no second job for the app");
        assertEquals(running, status("app").job().id());
        assertTrue(report.outage(), "the app waits for a cluster that is not believed");
        assertTrue(report.distrusted().containsKey("default"), report.distrusted().toString());

        flink.hideFromListing(running, false);
        tick.run();
        assertEquals(Phase.RUNNING, status("app").phase());
        assertEquals(submitted, flink.submissions());
    }

    /** A second live job of an app (its id is of the app's family) is stopped with a savepoint and recorded. */
    @Test
    void aStrayJobOfTheAppIsStoppedWithASavepointAndRecorded() {
        specs.write("apps/app.yaml", spec("app", "v1")).commitAndPush("v1");
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        String recorded = status("app").job().id();
        String stray = dev.flinkgitops.port.JobIds.derive(new AppId("team", "app"), "some-old-commit", 9);
        flink.running(stray);

        tick.run();

        assertEquals(JobState.FINISHED, flink.state(stray), "stopped with a savepoint");
        assertEquals(JobState.RUNNING, flink.state(recorded), "the recorded job is kept");
        assertEquals(recorded, status("app").job().id());
        assertTrue(status("app").lastError().message().contains("stray job " + stray), status("app").lastError().message());
    }

    /**
     * Finding 4 of issue 11: the restore point is gone. Nothing older is tried on its own (the app is
     * STALLED with the choice spelled out); a person's choice (initialSavepointPath + a new
     * savepointRedeployNonce) starts from the chosen point, recorded as such.
     */
    @Test
    void aMissingRestorePointStallsUntilAPersonChoosesAnOlderOne() {
        specs.write("apps/app.yaml", spec("app", "v1")).commitAndPush("v1");
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        specs.write("apps/app.yaml", spec("app", "v2")).commitAndPush("v2");
        for (int i = 0; i < 10 && !startingStep(status("app")); i++) {
            tick.run();
        }
        assertTrue(startingStep(status("app")), "the savepoint is recorded before the start: " + status("app"));
        flink.missingRestorePoint(status("app").operation().savepoint());
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        int submitted = flink.submissions();
        assertEquals(Phase.STALLED, status("app").phase(), status("app").message());
        assertTrue(status("app").lastError().message().startsWith("restore point missing: "), status("app").lastError().message());
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        assertEquals(submitted, flink.submissions(), "nothing older is tried on its own");

        specs.write("apps/app.yaml", spec("app", "v2").replace("upgradeMode: savepoint",
                "upgradeMode: savepoint\n    initialSavepointPath: file:///savepoints/chosen\n    savepointRedeployNonce: 1"))
                .commitAndPush("redeploy from a chosen point");
        for (int i = 0; i < 4; i++) {
            tick.run();
        }
        AppStatus after = status("app");
        assertEquals("file:///savepoints/chosen", after.job().restoredFrom());
        assertEquals(dev.flinkgitops.status.SavepointRecord.CHOSEN, after.lastSavepoint().reason());
        assertEquals(1L, after.redeployNonce());
    }

    private static boolean startingStep(AppStatus status) {
        return status.operation() != null && status.operation().step() == dev.flinkgitops.status.OperationStep.STARTING;
    }

    /** Finding 3 of issue 11: removing a last-state app's file stops its job with a final savepoint and ends DELETED. */
    @Test
    void aRemovedLastStateAppIsStoppedWithAFinalSavepoint() {
        specs.write("apps/keep-1.yaml", spec("keep-1", "v1")).write("apps/keep-2.yaml", spec("keep-2", "v1"))
                .write("apps/gone.yaml", spec("gone", "v1").replace("upgradeMode: savepoint", "upgradeMode: last-state"))
                .commitAndPush("three apps");
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        String job = status("gone").job().id();
        assertEquals(JobState.RUNNING, flink.state(job));

        specs.delete("apps/gone.yaml").commitAndPush("remove one");
        for (int i = 0; i < 8 && status("gone").phase() != Phase.DELETED; i++) {
            tick.run();
        }

        assertEquals(Phase.DELETED, status("gone").phase(), status("gone").message());
        assertEquals(JobState.FINISHED, flink.state(job), "stopped with a savepoint, not cancelled");
        assertTrue(status("gone").lastSavepoint() != null && status("gone").lastSavepoint().reason().equals("delete"),
                String.valueOf(status("gone").lastSavepoint()));
    }

    /** Finding 10 of issue 11: a file claiming another folder's app is reported and never freezes the app. */
    @Test
    void aFileClaimingAnotherFoldersAppIsReportedAndTheAppKeepsRunningAndUpgrading() {
        specs.write("apps/team-a/a.yaml", spec("a", "v1")).commitAndPush("team a: v1");
        for (int i = 0; i < 3; i++) {
            tick.run();
        }
        String first = status("a").job().id();

        specs.write("apps/team-b/copy.yaml", spec("a", "mine")).commitAndPush("team b claims team/a");
        TickReport report = null;
        for (int i = 0; i < 3; i++) {
            report = tick.run();
        }
        assertEquals(Phase.RUNNING, status("a").phase(), "not STALLED by another folder's file");
        assertEquals(first, status("a").job().id());
        assertEquals(JobState.RUNNING, flink.state(first));
        assertEquals(List.of("apps/team-b/copy.yaml: app team/a belongs to apps/team-a/a.yaml (the file it runs from): "
                + "another file cannot claim it"), report.unclaimedInvalid().stream()
                .map(r -> r.file() + ": " + r.errors().get(0).message()).toList());

        specs.write("apps/team-a/a.yaml", spec("a", "v2")).commitAndPush("team a: v2");
        for (int i = 0; i < 6; i++) {
            tick.run();
        }
        assertEquals(Phase.RUNNING, status("a").phase());
        assertEquals(JobState.FINISHED, flink.state(first), "upgraded: the old job stopped with a savepoint");
        assertTrue(status("a").job().restoredFrom().startsWith("file:///savepoints/team/a/savepoint-"));
        assertEquals(specs.head().name(), status("a").specCommit());
    }
}
