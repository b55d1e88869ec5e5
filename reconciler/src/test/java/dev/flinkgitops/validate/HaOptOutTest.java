package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On the Kubernetes target a stateful job gets Kubernetes HA by default: turning it off is a warning (shown by
 * {@code plan} too) saying what a JobManager restart does; standby JobManagers without HA are an error.
 */
class HaOptOutTest {

    private static final SpecValidator KUBE = new SpecValidator(ValidationSettings.defaults().withKubernetesTarget(true));
    private static final SpecValidator SESSION = new SpecValidator(ValidationSettings.defaults());

    private static String spec(String configuration, String upgradeMode, int jobManagers) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: orders
                  namespace: payments
                spec:
                  image: flink:2.3-java17
                  flinkVersion: v2_3
                  flinkConfiguration:
                    state.savepoints.dir: s3://flink/savepoints
                %s
                  jobManager:
                    replicas: %d
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    entryClass: com.example.Job
                    upgradeMode: %s
                """.formatted(configuration, jobManagers, upgradeMode);
    }

    private static FileResult validate(SpecValidator validator, String text) {
        return validator.validateFile("apps/orders.yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> haWarnings(FileResult result) {
        return result.warnings().stream().map(Finding::format).filter(f -> f.contains("without HA")).toList();
    }

    @Test
    void aStatefulJobThatTurnsHaOffIsToldARestartRewindsItWhereItSaysSo() {
        FileResult result = validate(KUBE, spec("    high-availability.type: NONE", "savepoint", 1));
        assertTrue(result.valid(), result.errors().toString());
        assertEquals(List.of("apps/orders.yaml:11:29: /spec/flinkConfiguration/high-availability.type: warning: without HA a JobManager"
                + " restart (OOM kill, eviction, node drain) rewinds this stateful job to its last savepoint (the savepoint it"
                + " was last deployed from), and every checkpoint since is lost. Without high-availability.type NONE a stateful"
                + " job gets Kubernetes HA"), haWarnings(result));
        assertEquals(1, haWarnings(validate(KUBE, spec("    high-availability: none", "last-state", 1))).size(), "the old key too");
    }

    @Test
    void noWarningWithHaByDefaultForAStatelessJobOrOnTheSessionCluster() {
        assertEquals(List.of(), haWarnings(validate(KUBE, spec("", "savepoint", 1))));
        assertEquals(List.of(), haWarnings(validate(KUBE, spec("    high-availability.type: NONE", "stateless", 1))));
        assertEquals(List.of(), haWarnings(validate(SESSION, spec("    high-availability.type: NONE", "savepoint", 1))));
    }

    @Test
    void standbyJobManagersNeedHa() {
        FileResult result = validate(KUBE, spec("    high-availability.type: NONE", "stateless", 2));
        assertTrue(result.errors().stream().map(Finding::format).anyMatch(e -> e.contains(":13:")
                && e.contains("jobManager.replicas 2 without high availability")), result.errors().toString());
        assertTrue(validate(KUBE, spec("", "savepoint", 2)).valid(), "stateful: HA by default");
    }
}
