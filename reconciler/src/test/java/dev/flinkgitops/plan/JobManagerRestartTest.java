package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.kube.Renderer;
import dev.flinkgitops.port.ClusterName;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.WorkloadHealth;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.validate.FileResult;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running job on its own Kubernetes cluster without HA: a JobManager restart (the container's
 * restart count grows) ran the job again from the savepoint in its arguments, and is recorded as a
 * state regression, never passed over; with HA (the default) restarts are not a regression.
 */
class JobManagerRestartTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final String CLUSTER = ClusterName.kubernetes(APP).value();
    private static final SpecValidator VALIDATOR = new SpecValidator(ValidationSettings.defaults().withKubernetesTarget(true)
            .withDefaultSavepointDirConfigured(true));
    private static final PlannerSettings SETTINGS = new PlannerSettings("default", "s3://flink/savepoints",
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15), 5, true).withRendering(new Renderer());
    private static final Instant NOW = Instant.parse("2026-11-21T10:30:00Z");
    private static final String JOB = "0123456789abcdef0123456789abcdef";

    private static AppSpec spec(String haType) {
        FileResult result = VALIDATOR.validateFile("apps/payments/orders.yaml", ("""
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: orders, namespace: payments}
                spec:
                  image: flink:2.3-java17
                  flinkVersion: v2_3
                  flinkConfiguration:
                    state.savepoints.dir: s3://flink/savepoints/payments/orders%s
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: savepoint
                """).formatted(haType == null ? "" : "\n    high-availability.type: " + haType).getBytes(StandardCharsets.UTF_8));
        assertTrue(result.valid(), () -> result.findings().toString());
        return result.spec();
    }

    private static Plan plan(AppSpec spec, Integer recordedRestarts, int liveRestarts) {
        return plan(spec, recordedRestarts, liveRestarts, recordedRestarts == null ? null : 1L, 1L);
    }

    /** @param recordedStart the job's start time as recorded @param liveStart as Flink lists it now */
    private static Plan plan(AppSpec spec, Integer recordedRestarts, int liveRestarts, Long recordedStart, long liveStart) {
        JobRecord job = new JobRecord(JOB, CLUSTER, "RUNNING", 1, "s3://flink/savepoints/payments/orders/sp-1",
                "2026-11-21T10:00:00Z", recordedRestarts, recordedStart, null);
        AppStatus status = AppStatus.empty(APP.toString(), spec.file()).withSpec(spec.file(), "c1", spec.hash())
                .withStable("c1", spec.hash()).withJob(job).withPhase(Phase.RUNNING, "job is RUNNING");
        Observed observed = new Observed(Map.of(CLUSTER, Map.of(JOB, new JobSummary(JOB, "orders", JobState.RUNNING, liveStart))),
                Set.of(), Map.of(), Map.of())
                .withKube(Map.of(APP, SETTINGS.rendering().objects(KubeSteps.request(SETTINGS, APP, spec, JOB,
                        job.restoredFrom()))), Map.of(APP, new WorkloadHealth(1, 1, 1, 1, WorkloadHealth.Problem.NONE, null,
                        liveRestarts)));
        return new Planner(SETTINGS).plan(new PlanInput(APP, Desired.valid(spec, "c1"), status, spec, null, spec, observed,
                null, NOW, null, null));
    }

    @Test
    void aRestartWithoutHaIsRecordedAsAStateRegression() {
        Plan plan = plan(spec("NONE"), 0, 1);
        Plan.Record record = assertInstanceOf(Plan.Record.class, plan, plan.toString());
        assertTrue(record.why().startsWith(Plan.STATE_REWOUND), record.why());
        assertTrue(record.why().contains("started again from s3://flink/savepoints/payments/orders/sp-1"), record.why());
        assertEquals(1, record.next().job().jobManagerRestarts());
    }

    @Test
    void theFirstCountSeenIsOnlyRecordedAndAnUnchangedOneIsSteady() {
        Plan first = plan(spec("NONE"), null, 3);
        Plan.Record record = assertInstanceOf(Plan.Record.class, first, first.toString());
        assertEquals(3, record.next().job().jobManagerRestarts());
        assertTrue(!record.why().startsWith(Plan.STATE_REWOUND), record.why());
        assertInstanceOf(Plan.Nothing.class, plan(spec("NONE"), 3, 3));
    }

    /**
     * An evicted or drained JobManager comes back in a new pod whose restart count starts at 0: the job's start time,
     * later under the same job id, is the signal that it ran again from its savepoint.
     */
    @Test
    void aLaterStartTimeOfTheSameJobIsARewindEvenWhenThePodWasReplaced() {
        long first = Instant.parse("2026-11-21T10:00:05Z").toEpochMilli();
        long again = Instant.parse("2026-11-21T10:25:00Z").toEpochMilli();
        Plan plan = plan(spec("NONE"), 2, 0, first, again);
        Plan.Record record = assertInstanceOf(Plan.Record.class, plan, plan.toString());
        assertTrue(record.why().startsWith(Plan.STATE_REWOUND), record.why());
        assertTrue(record.why().contains("the job started again at 2026-11-21T10:25:00Z, first at 2026-11-21T10:00:05Z"),
                record.why());
        assertTrue(record.why().contains("started again from s3://flink/savepoints/payments/orders/sp-1"), record.why());
        assertEquals(again, record.next().job().flinkStartTime());
        assertEquals(0, record.next().job().jobManagerRestarts(), "the new pod's count, recorded as it is");

        assertInstanceOf(Plan.Nothing.class, plan(spec("NONE"), 0, 0, again, again), "the same start time: steady");
    }

    @Test
    void theFirstStartTimeSeenIsOnlyRecordedAndWithHaItIsNotTracked() {
        Plan first = plan(spec("NONE"), 0, 0, null, 5_000L);
        Plan.Record record = assertInstanceOf(Plan.Record.class, first, first.toString());
        assertEquals(5_000L, record.next().job().flinkStartTime());
        assertTrue(!record.why().startsWith(Plan.STATE_REWOUND), record.why());

        Plan ha = plan(spec(null), null, 0, null, 9_000L);
        if (ha instanceof Plan.Record withHa) {
            assertNull(withHa.next().job().flinkStartTime(), "not tracked with HA");
            assertTrue(!withHa.why().startsWith(Plan.STATE_REWOUND), withHa.why());
        } else {
            assertInstanceOf(Plan.Nothing.class, ha);
        }
    }

    @Test
    void withHighAvailabilityARestartIsNoRegression() {
        Plan plan = plan(spec(null), null, 5);
        if (plan instanceof Plan.Record record) {
            assertNull(record.next().job().jobManagerRestarts(), "not tracked with HA");
            assertTrue(!record.why().startsWith(Plan.STATE_REWOUND), record.why());
        } else {
            assertInstanceOf(Plan.Nothing.class, plan);
        }
    }
}
