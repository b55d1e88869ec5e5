package dev.flinkgitops.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.kube.Renderer;
import dev.flinkgitops.port.ClusterName;
import dev.flinkgitops.port.KubeObject;
import dev.flinkgitops.port.WorkloadHealth;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.validate.FileResult;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A resume right after a suspend: the old JobManager's pods run on for their grace period after their Deployment is
 * gone, so the new JobManager is applied only once the pod list read each tick no longer shows them.
 */
class PreviousJobManagerTest {

    private static final AppId APP = new AppId("payments", "orders");
    private static final String CLUSTER = ClusterName.kubernetes(APP).value();
    private static final PlannerSettings SETTINGS = new PlannerSettings("default", "s3://flink/savepoints",
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15), 5, true).withRendering(new Renderer());
    private static final Instant NOW = Instant.parse("2026-11-21T10:30:00Z");
    private static final String JOB = "0123456789abcdef0123456789abcdef";
    private static final String SAVEPOINT = "s3://flink/savepoints/payments/orders/savepoint-0123-1";

    private static AppSpec spec() {
        FileResult result = new SpecValidator(ValidationSettings.defaults().withKubernetesTarget(true)).validateFile(
                "apps/payments/orders.yaml", """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: orders, namespace: payments}
                spec:
                  image: flink:2.3.0-java17
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: savepoint
                """.getBytes(StandardCharsets.UTF_8));
        assertTrue(result.valid(), () -> result.findings().toString());
        return result.spec();
    }

    /** Suspended at c1 (its Deployments deleted, the rest kept), resumed at c2; {@code pods} JobManager pods still listed. */
    private static Plan resume(int pods) {
        AppSpec spec = spec();
        AppStatus suspended = AppStatus.empty(APP.toString(), spec.file()).withSpec(spec.file(), "c1", spec.hash())
                .withStable("c1", spec.hash())
                .withJob(new JobRecord(JOB, CLUSTER, "FINISHED", 1, null, "2026-11-21T10:00:00Z"))
                .withSavepoint(new SavepointRecord(SAVEPOINT, "t1", "suspend", JOB, "c1", "2026-11-21T10:29:00Z"))
                .withPhase(Phase.SUSPENDED, "suspended");
        List<KubeObject> kept = SETTINGS.rendering().objects(KubeSteps.request(SETTINGS, APP, spec, JOB, null)).stream()
                .filter(o -> !o.kind().equals("Deployment")).toList();
        Observed observed = new Observed(Map.of(), Set.of(CLUSTER), Map.of(), Map.of()).withKube(Map.of(APP, kept),
                Map.of(APP, new WorkloadHealth(0, 0, 0, 0, WorkloadHealth.Problem.NONE, "", 0, pods)));
        return new Planner(SETTINGS).plan(new PlanInput(APP, Desired.valid(spec, "c2"), suspended, spec, null, spec, observed,
                null, NOW, null, null));
    }

    @Test
    void aResumeWaitsForThePodsOfThePreviousJobManagerThenStartsFromTheSuspendSavepoint() {
        Plan waiting = resume(1);
        assertEquals("waiting for 1 pod of the previous JobManager of payments/orders to terminate before a new one starts"
                + " (one JobManager per app)", assertInstanceOf(Plan.Nothing.class, waiting, waiting.toString()).why());

        Plan deploy = resume(0);
        assertEquals(SAVEPOINT, assertInstanceOf(Plan.Deploy.class, deploy, deploy.toString()).request().restorePath());
    }
}
