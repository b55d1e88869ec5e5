package dev.flinkgitops.apply;

import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Clusters;

import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.RunRequest;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.FakeFlink;
import dev.flinkgitops.testing.FakeJars;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The applier against a fake of the Flink ports: guards hold, failures become statuses, jobs are untouched. */
class ApplierTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private final FakeFlink flink = new FakeFlink().running("j1");
    private final Cluster cluster = new Cluster("default", "fake://", flink, flink, flink);
    private final Applier applier = new Applier(new Clusters(Map.of("default", cluster), null), new FakeJars(),
            new PlannerSettings("default", "file:/sp", Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15), 5, false),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static AppStatus running() {
        return AppStatus.empty(APP.toString(), "apps/orders.yaml").withSpec("apps/orders.yaml", "c1", "h1")
                .withJob(new JobRecord("j1", "default", "RUNNING", 1, null, NOW.toString())).withPhase(Phase.RUNNING, "ok");
    }

    @Test
    void aRescaleFlinkRefusesRecordsTheSavepointUpgradeWithFlinksWordsAndATransientFailureRecordsNothing() {
        Cluster adaptive = new Cluster("default", "fake://", flink, flink, flink, flink);
        Applier acting = new Applier(new Clusters(Map.of("default", adaptive), null), new FakeJars(),
                new PlannerSettings("default", "file:/sp", Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15), 5,
                        false), Clock.fixed(NOW, ZoneOffset.UTC));
        AppStatus recorded = running().withOperation(new OperationRecord(OperationType.RESCALE, OperationStep.RESCALING,
                "c2", "h2", dev.flinkgitops.appspec.UpgradeMode.SAVEPOINT, null, "j1", null, NOW.toString()));
        AppStatus upgrade = recorded.withOperation(new OperationRecord(OperationType.UPGRADE, OperationStep.STOPPING, "c2", "h2",
                dev.flinkgitops.appspec.UpgradeMode.SAVEPOINT, "t".repeat(32), "j1", null, NOW.toString()))
                .withPhase(Phase.UPGRADING, "upgrade to c2 (Flink refused the in-place rescale; savepoint upgrade instead)");
        Plan.Rescale rescale = new Plan.Rescale(APP, "default", "j1", java.util.Set.of(FakeFlink.VERTEX), 4, upgrade, "rescale");

        flink.adaptiveScheduler("1.20.5").refuseNextRescale("UnsupportedOperationException: not now");
        AppStatus refused = acting.apply(rescale, recorded);
        assertEquals(OperationType.UPGRADE, refused.operation().type());
        assertTrue(refused.message().startsWith("Flink refused to rescale job j1 in place (PUT jobs/j1/resource-requirements: "
                + "HTTP 500: UnsupportedOperationException: not now): upgrade to c2"), refused.message());
        assertEquals(1, flink.parallelism("j1"), "the job runs as it did");

        flink.unreachable(true);
        assertEquals(recorded, acting.apply(rescale, recorded), "no answer: asked again next tick");
        flink.unreachable(false);
        assertEquals(recorded, acting.apply(rescale, recorded));
        assertEquals(4, flink.parallelism("j1"));
    }

    @Test
    void aCancelOfAStatefulJobIsRefusedAndTheJobKeepsRunning() {
        AppStatus recorded = running().withOperation(new OperationRecord(OperationType.UPGRADE, OperationStep.CANCELLING,
                "c2", "h2", dev.flinkgitops.appspec.UpgradeMode.SAVEPOINT, null, "j1", null, NOW.toString()));

        AppStatus after = applier.apply(new Plan.Cancel(APP, "default", "j1", "cancel"), recorded);

        assertEquals(JobState.RUNNING, flink.state("j1"));
        assertEquals(Phase.STALLED, after.phase());
        assertTrue(after.message().contains("neverCancelStatefulJob"), after.message());
    }

    @Test
    void aStopWithoutADurableIntentIsRefused() {
        AppStatus after = applier.apply(
                new Plan.StopWithSavepoint(APP, "default", "j1", "file:/sp", "a".repeat(32), null, "stop"), running());

        assertEquals(JobState.RUNNING, flink.state("j1"));
        assertTrue(after.message().contains("stopOnlyWithDurableIntent"), after.message());
    }

    /** A first deploy that fails: no job of the app runs anyway, so the ordinary back-off (30 s doubling). */
    @Test
    void aFailedFirstSubmitBlocksWithTheOrdinaryBackoff() {
        AppStatus next = AppStatus.empty(APP.toString(), "apps/orders.yaml")
                .withJob(new JobRecord("j2", "default", "SUBMITTED", 1, null, NOW.toString()))
                .withSpec("apps/orders.yaml", "c2", "h2").withPhase(Phase.DEPLOYING, "started");
        Plan.Submit submit = new Plan.Submit(APP, "default", "file:/job.jar", UpgradeMode.STATELESS,
                new RunRequest("Main", 1, List.of(), null, false, "j2", Map.of()), next, "start");
        flink.unreachable(true);

        AppStatus first = applier.apply(submit, null);

        assertEquals(Phase.BLOCKED, first.phase());
        assertEquals(NOW.plusSeconds(30).toString(), first.lastError().retryAfter());
    }

    /** The answer to the submit was lost but Flink runs the job: adopted in the same tick, not retried in 30 s. */
    @Test
    void aLostSubmitAnswerIsResolvedByTheDeterministicJobId() {
        AppStatus next = running().withJob(new JobRecord("j2", "default", "SUBMITTED", 2, "file:/sp/1", NOW.toString()));
        Plan.Submit submit = new Plan.Submit(APP, "default", "file:/job.jar", UpgradeMode.SAVEPOINT,
                new RunRequest("Main", 1, List.of(), "file:/sp/1", false, "j2", Map.of()), next, "start");
        flink.loseNextRunAnswer();

        AppStatus after = applier.apply(submit, running());

        assertEquals(next, after);
        assertEquals(JobState.RUNNING, flink.state("j2"));
    }

    /** A failed start of a stopped job's successor is urgent: retried after 1 s, doubling, never given up on. */
    @Test
    void aFailedSubmitBlocksWithBackoffAndTheAttemptsCount() {
        AppStatus next = running().withJob(new JobRecord("j2", "default", "SUBMITTED", 2, null, NOW.toString()))
                .withSpec("apps/orders.yaml", "c2", "h2").withPhase(Phase.DEPLOYING, "started");
        Plan.Submit submit = new Plan.Submit(APP, "default", "file:/job.jar", UpgradeMode.STATELESS,
                new RunRequest("Main", 1, List.of(), null, false, "j2", Map.of()), next, "start");
        flink.unreachable(true);

        AppStatus first = applier.apply(submit, running());
        AppStatus second = applier.apply(submit, first);

        assertEquals(Phase.BLOCKED, first.phase());
        assertEquals(1, first.lastError().attempts());
        assertEquals(NOW.plusSeconds(1).toString(), first.lastError().retryAfter());
        assertEquals(2, second.lastError().attempts());
        assertEquals(NOW.plusSeconds(2).toString(), second.lastError().retryAfter());
        AppStatus later = first;
        for (int i = 0; i < 10; i++) {
            later = applier.apply(submit, later);
        }
        assertEquals(Phase.BLOCKED, later.phase(), "never STALLED while the app runs no job");
        assertEquals(NOW.plusSeconds(30).toString(), later.lastError().retryAfter());
        assertEquals("j1", second.job().id(), "the recorded job stays the running one");
    }

    @Test
    void aSubmitRunsTheRequestAndRecordsTheNextStatus() {
        AppStatus next = running().withJob(new JobRecord("j2", "default", "SUBMITTED", 2, "file:/sp/1", NOW.toString()));
        RunRequest request = new RunRequest("Main", 2, List.of("--tag", "v2"), "file:/sp/1", false, "j2", Map.of());

        AppStatus after = applier.apply(new Plan.Submit(APP, "default", "file:/job.jar", UpgradeMode.SAVEPOINT, request,
                next, "start"), running());

        assertEquals(next, after);
        assertEquals(JobState.RUNNING, flink.state("j2"));
        assertEquals("file:/sp/1", flink.run("j2").savepointPath());
    }

    /** Finding 4 of issue 11: Flink cannot find the restore point: nothing older is started; STALLED with the choice spelled out. */
    @Test
    void aMissingRestorePointStallsWithTheOlderPointsSpelledOut() {
        AppStatus recorded = running()
                .withSavepoint(new dev.flinkgitops.status.SavepointRecord("file:/sp/1", "t1", "upgrade", "j0", "c0", "2026-11-21T09:00:00Z"))
                .withSavepoint(new dev.flinkgitops.status.SavepointRecord("file:/sp/2", "t2", "upgrade", "j1", "c1", "2026-11-21T09:30:00Z"));
        AppStatus next = recorded.withJob(new JobRecord("j2", "default", "SUBMITTED", 2, "file:/sp/2", NOW.toString()))
                .withSpec("apps/orders.yaml", "c2", "h2").withPhase(Phase.DEPLOYING, "started");
        flink.missingRestorePoint("file:/sp/2");

        AppStatus after = applier.apply(new Plan.Submit(APP, "default", "file:/job.jar", UpgradeMode.SAVEPOINT,
                new RunRequest("Main", 1, List.of(), "file:/sp/2", false, "j2", Map.of()), next, "start"), recorded);

        assertEquals(Phase.STALLED, after.phase());
        String message = after.lastError().message();
        assertTrue(message.startsWith("restore point missing: file:/sp/2 does not exist, so no job was started"), message);
        assertTrue(message.contains("Older recorded points: file:/sp/1 (upgrade, 2026-11-21T09:00:00Z, 1800 s older)"), message);
        assertEquals(null, after.lastError().retryAfter(), "not retried on its own");
        assertEquals(0, flink.submissions(), "nothing ran");
    }

    private static AppStatus checkpointing(String trigger) {
        dev.flinkgitops.status.SnapshotRecord snapshot = new dev.flinkgitops.status.SnapshotRecord("payments/hourly",
                "apps/hourly.yaml", "h", "checkpoint", dev.flinkgitops.status.SnapshotState.IN_PROGRESS, null, trigger, "j1", "FULL",
                false, "snapshot payments/hourly", NOW.toString(), null, null, 0, -1, null, null);
        return running().withOperation(new OperationRecord(OperationType.CHECKPOINT, OperationStep.CHECKPOINTING, "c1", "h1",
                dev.flinkgitops.appspec.UpgradeMode.SAVEPOINT, trigger, "j1", null, NOW.toString())).withSnapshot(snapshot);
    }

    @Test
    void aCheckpointWithoutADurableIntentIsRefused() {
        AppStatus after = applier.apply(new Plan.TriggerCheckpoint(APP, "default", "j1", "FULL", "c".repeat(32), "checkpoint"), running());
        assertTrue(after.message().contains("checkpointOnlyWithDurableIntent"), after.message());
        assertEquals(dev.flinkgitops.port.SavepointStatus.Kind.UNKNOWN, flink.checkpointStatus("j1", "c".repeat(32)).kind());
    }

    /** Flink before 1.17 has no checkpoint trigger: a clear, final error; the operation ends and the job runs on. */
    @Test
    void aClusterWithoutCheckpointTriggersFailsTheSnapshotForGood() {
        flink.checkpointsUnsupported(true);
        String trigger = "d".repeat(32);
        AppStatus after = applier.apply(new Plan.TriggerCheckpoint(APP, "default", "j1", "FULL", trigger, "checkpoint"),
                checkpointing(trigger));
        assertEquals(null, after.operation());
        assertEquals(Phase.RUNNING, after.phase());
        assertEquals(dev.flinkgitops.status.SnapshotState.FAILED, after.snapshot("payments/hourly").state());
        assertTrue(after.snapshot("payments/hourly").error().contains("Flink 1.17 or newer"), after.snapshot("payments/hourly").error());
        assertEquals(JobState.RUNNING, flink.state("j1"));
    }
}
