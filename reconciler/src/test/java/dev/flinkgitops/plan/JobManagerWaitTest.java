package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.port.ClusterName;
import dev.flinkgitops.port.KubeObject;
import dev.flinkgitops.port.WorkloadHealth;
import dev.flinkgitops.status.AppStatus;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JobManager on Kubernetes that never comes up: the wait says why, ends at the readiness timeout, and a newer commit pre-empts it. */
class JobManagerWaitTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final String CLUSTER = ClusterName.kubernetes(APP).value();
    private static final SpecValidator VALIDATOR = new SpecValidator(ValidationSettings.defaults().withKubernetesTarget(true));
    private static final Planner PLANNER = new Planner(new PlannerSettings("default", "file:///savepoints",
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15), 5, true));
    private static final Instant STARTED = Instant.parse("2026-11-21T10:00:00Z");
    private static final WorkloadHealth IMAGE_PULL = new WorkloadHealth(0, 1, 0, 1, WorkloadHealth.Problem.IMAGE_PULL,
            "ImagePullBackOff (Back-off pulling image \"flink:9.9\")");

    private static AppSpec spec(String image, boolean rollback) {
        FileResult result = VALIDATOR.validateFile("apps/payments/orders.yaml", ("""
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: orders, namespace: payments}
                spec:
                  image: %s
                  flinkVersion: v1_20
                  flinkConfiguration:
                    kubernetes.operator.deployment.readiness.timeout: 5m
                    kubernetes.operator.deployment.rollback.enabled: "%s"
                  jobManager: {resource: {memory: 1g, cpu: 1}}
                  taskManager: {resource: {memory: 1g, cpu: 1}}
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: savepoint
                """).formatted(image, rollback).getBytes(StandardCharsets.UTF_8));
        assertTrue(result.valid(), () -> result.findings().toString());
        return result.spec();
    }

    /** Commit c2 (image {@code flink:9.9}) was applied at {@link #STARTED} from a savepoint; c1 is stable. */
    private static AppStatus deploying(AppSpec stable, AppSpec failing) {
        return AppStatus.empty(APP.toString(), failing.file()).withSpec(failing.file(), "c2", failing.hash())
                .withStable("c1", stable.hash())
                .withJob(new JobRecord("j2", CLUSTER, "SUBMITTED", 2, "file:///savepoints/sp-1", STARTED.toString()))
                .withPhase(Phase.DEPLOYING, "applied");
    }

    private static Plan plan(AppSpec desired, String commit, AppStatus status, AppSpec recordedSpec, AppSpec stable,
            Instant now) {
        Observed observed = new Observed(Map.of(), Set.of(CLUSTER), Map.of(), Map.of(),
                Map.of(APP, List.of(KubeObject.rendered("Deployment", "payments", "orders-jobmanager", KubeObject.JOBMANAGER, "h"))),
                Map.of()).withKube(Map.of(APP, List.of(KubeObject.rendered("Deployment", "payments", "orders-jobmanager",
                        KubeObject.JOBMANAGER, "h"))), Map.of(APP, IMAGE_PULL));
        return PLANNER.plan(new PlanInput(APP, Desired.valid(desired, commit), status, recordedSpec, null, stable, observed, null,
                now, null, null));
    }

    @Test
    void whileTheJobManagerIsNotUpTheStatusSaysWhyAndHowLongItHasWaited() {
        AppSpec stable = spec("flink:1.20", true);
        AppSpec failing = spec("flink:9.9", true);
        Plan plan = plan(failing, "c2", deploying(stable, failing), failing, stable, STARTED.plusSeconds(60));
        AppStatus said = assertInstanceOf(Plan.Record.class, plan).next();
        assertEquals("JobManager of payments/orders not up: ImagePullBackOff (Back-off pulling image \"flink:9.9\"), 0/1 ready",
                said.message(), "the reason goes into the status, without the seconds (they would write it every tick)");
        assertEquals(Phase.DEPLOYING, said.phase());
        Plan.Nothing waiting = assertInstanceOf(Plan.Nothing.class, plan(failing, "c2", said, failing, stable,
                STARTED.plusSeconds(62)), "said once: the next tick waits without writing");
        assertEquals("JobManager of payments/orders not up: ImagePullBackOff (Back-off pulling image \"flink:9.9\"), 0/1 ready, "
                + "62 s of 300 s", waiting.why());
    }

    @Test
    void pastTheReadinessTimeoutARollbackStartsTheStableSpecWithoutCancellingThroughTheSilentJobManager() {
        AppSpec stable = spec("flink:1.20", true);
        AppSpec failing = spec("flink:9.9", true);
        Plan plan = plan(failing, "c2", deploying(stable, failing), failing, stable, STARTED.plus(Duration.ofMinutes(5)));
        AppStatus next = assertInstanceOf(Plan.Record.class, plan).next();
        assertEquals(Phase.ROLLING_BACK, next.phase());
        assertEquals(OperationType.ROLLBACK, next.operation().type());
        assertEquals("STARTING", next.operation().step().toString());
        assertEquals("file:///savepoints/sp-1", next.operation().savepoint());
        assertTrue(next.message().contains("ImagePullBackOff"), next.message());
        assertTrue(next.message().contains("readiness timeout of 300 s"), next.message());
    }

    @Test
    void pastTheReadinessTimeoutWithoutRollbackTheVersionIsRecordedNotReadyOnce() {
        AppSpec stable = spec("flink:1.20", false);
        AppSpec failing = spec("flink:9.9", false);
        Instant late = STARTED.plus(Duration.ofMinutes(6));
        AppStatus next = assertInstanceOf(Plan.Record.class, plan(failing, "c2", deploying(stable, failing), failing, stable, late)).next();
        assertEquals(Phase.DEPLOYING, next.phase());
        assertTrue(next.lastError().message().startsWith("not ready: JobManager of payments/orders not up: ImagePullBackOff"),
                next.lastError().message());
        Plan again = plan(failing, "c2", next, failing, stable, late.plusSeconds(30));
        assertTrue(assertInstanceOf(Plan.Nothing.class, again).why().startsWith("not ready: "), again.toString());
    }

    @Test
    void aNewerCommitPreEmptsTheWaitAndStartsFromTheSameRestorePoint() {
        AppSpec stable = spec("flink:1.20", true);
        AppSpec failing = spec("flink:9.9", true);
        AppSpec fixed = spec("flink:1.20.1", true);
        Plan plan = plan(fixed, "c3", deploying(stable, failing), failing, stable, STARTED.plusSeconds(60));
        Plan.Deploy deploy = assertInstanceOf(Plan.Deploy.class, plan);
        assertEquals("file:///savepoints/sp-1", deploy.request().restorePath());
        assertEquals(fixed.hash(), deploy.next().specHash());
        assertEquals("c3", deploy.next().specCommit());
        assertNotEquals("j2", deploy.next().job().id());
        assertTrue(deploy.next().message().startsWith("commit c3 pre-empts the version that is not up (JobManager of payments/orders"),
                deploy.next().message());
    }

    @Test
    void aJobThatWasReadyOnceIsWaitedOnEvenByANewerCommitSinceItsStateCannotBeSaved() {
        AppSpec running = spec("flink:1.20", true);
        AppSpec newer = spec("flink:1.20.1", true);
        AppStatus status = AppStatus.empty(APP.toString(), running.file()).withSpec(running.file(), "c1", running.hash())
                .withStable("c1", running.hash())
                .withJob(new JobRecord("j1", CLUSTER, "RUNNING", 1, null, STARTED.toString()))
                .withPhase(Phase.RUNNING, "job j1 is RUNNING");
        Plan plan = plan(newer, "c3", status, running, running, STARTED.plus(Duration.ofHours(1)));
        AppStatus said = assertInstanceOf(Plan.Record.class, plan).next();
        assertEquals(said.message(), plan.why());
        String reason = assertInstanceOf(Plan.Nothing.class, plan(newer, "c3", said, running, running,
                STARTED.plus(Duration.ofHours(1)))).why();
        assertTrue(reason.startsWith("JobManager of payments/orders not up: ImagePullBackOff"), reason);
        assertTrue(reason.contains("commit c3 waits"), reason);
    }
}
