package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.DriftRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.validate.FileResult;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JobManager edited outside the daemon is replaced at most once per driftReplaceInterval; the rest is held back and said. */
class DriftRateLimitTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final PlannerSettings SETTINGS = new PlannerSettings("default", "file:///savepoints",
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15), 5, true);
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String WHAT = "Deployment/orders-jobmanager edited";
    private static final AppSpec SPEC = spec();

    @Test
    void theFirstReplacementIsMadeAndRecorded() {
        Decision.Stop stop = assertInstanceOf(Decision.Stop.class, decide(running(), NOW));
        assertEquals(OperationType.UPGRADE, stop.type());
        assertEquals(DriftRecord.replaced(NOW.toString()), stop.in().recorded().drift(),
                "the replacement time goes into the status with the stop's intent");
    }

    @Test
    void aSecondReplacementWithinTheWindowIsHeldBackSaidAndCountedOnce() {
        AppStatus replaced = running().withDrift(DriftRecord.replaced(NOW.toString()));

        Plan held = assertInstanceOf(Decision.Done.class, decide(replaced, NOW.plus(Duration.ofMinutes(3)))).plan();
        Plan.Record record = assertInstanceOf(Plan.Record.class, held);
        assertEquals("JobManager edited outside the daemon: replacement held back until 2026-11-21T10:10:00Z"
                + " (last replaced at 2026-11-21T10:00:00Z; " + WHAT + ")", record.next().message());
        assertEquals(new DriftRecord(NOW.toString(), "2026-11-21T10:03:00Z"), record.next().drift(),
                "the hold is recorded once: the daemon's metric counts it");
        assertEquals(Phase.RUNNING, record.next().phase(), "the job keeps running");

        Plan later = assertInstanceOf(Decision.Done.class, decide(record.next(), NOW.plus(Duration.ofMinutes(9)))).plan();
        assertInstanceOf(Plan.Nothing.class, later, "still held: nothing written, no new hold");
    }

    @Test
    void onceTheWindowHasPassedTheNextReplacementIsMade() {
        AppStatus held = running().withDrift(new DriftRecord(NOW.toString(), "2026-11-21T10:03:00Z"));
        Decision.Stop stop = assertInstanceOf(Decision.Stop.class, decide(held, NOW.plus(Duration.ofMinutes(10))));
        assertEquals(DriftRecord.replaced("2026-11-21T10:10:00Z"), stop.in().recorded().drift());
    }

    @Test
    void theWindowIsASetting() {
        AppStatus replaced = running().withDrift(DriftRecord.replaced(NOW.toString()));
        PlannerSettings quick = SETTINGS.withDriftReplaceInterval(Duration.ofMinutes(1));
        assertInstanceOf(Decision.Stop.class, KubeSteps.replaceJobManager(quick, input(replaced, NOW.plus(Duration.ofMinutes(2))),
                SPEC, WHAT));
        assertEquals(Duration.ofMinutes(10), SETTINGS.driftReplaceInterval(), "the default");
    }

    private static Decision decide(AppStatus recorded, Instant now) {
        return KubeSteps.replaceJobManager(SETTINGS, input(recorded, now), SPEC, WHAT);
    }

    private static PlanInput input(AppStatus recorded, Instant now) {
        return new PlanInput(APP, null, recorded, SPEC, null, null, null, null, now);
    }

    private static AppStatus running() {
        return AppStatus.empty(APP.toString(), SPEC.file()).withSpec(SPEC.file(), "c1", SPEC.hash())
                .withJob(new JobRecord("j1", "kubernetes:payments/orders", "RUNNING", 1, null, "2026-11-21T09:00:00Z"))
                .withPhase(Phase.RUNNING, "job j1 is RUNNING");
    }

    private static AppSpec spec() {
        FileResult result = new SpecValidator(ValidationSettings.defaults()).validateFile("apps/payments/orders.yaml", """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: orders, namespace: payments}
                spec:
                  job:
                    jarURI: local:///job.jar
                    upgradeMode: savepoint
                """.getBytes(StandardCharsets.UTF_8));
        assertTrue(result.valid(), () -> result.findings().toString());
        return result.spec();
    }
}
