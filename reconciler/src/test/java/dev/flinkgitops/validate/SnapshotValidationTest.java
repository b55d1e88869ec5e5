package dev.flinkgitops.validate;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FlinkStateSnapshot files: the operator's fields, the rules on one file and across files, each with file:line. */
class SnapshotValidationTest {

    private static final SpecValidator VALIDATOR = new SpecValidator(ValidationSettings.defaults());

    private static final String ORDERS = """
            apiVersion: flink.apache.org/v1beta1
            kind: FlinkDeployment
            metadata: {name: orders, namespace: payments}
            spec:
              job: {jarURI: 'local:///job.jar', upgradeMode: savepoint}
            """;
    private static final String SESSION = """
            apiVersion: flink.apache.org/v1beta1
            kind: FlinkDeployment
            metadata: {name: session, namespace: payments}
            spec: {}
            """;

    private static String snapshot(String name, String spec) {
        return "apiVersion: flink.apache.org/v1beta1\nkind: FlinkStateSnapshot\nmetadata:\n  name: " + name
                + "\n  namespace: payments\nspec:\n" + spec;
    }

    private static List<String> errors(Map<String, String> files) {
        Map<String, byte[]> bytes = new TreeMap<>();
        files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
        return VALIDATOR.validateAll(bytes).stream().flatMap(r -> r.errors().stream()).map(Finding::format).toList();
    }

    @Test
    void theOperatorsFormsAreValid() {
        assertEquals(List.of(), errors(Map.of("orders.yaml", ORDERS,
                "sp.yaml", snapshot("sp", """
                          backoffLimit: 1
                          jobReference: {kind: FlinkDeployment, name: orders}
                          savepoint: {alreadyExists: false, disposeOnDelete: true, formatType: NATIVE, path: 'file:///sp'}
                        """),
                "cp.yaml", snapshot("cp", "  jobReference: {kind: FlinkDeployment, name: orders, namespace: payments}\n  checkpoint: {}\n"),
                "old.yaml", snapshot("old", """
                          jobReference: {kind: FlinkDeployment, name: orders}
                          savepoint: {alreadyExists: true, path: 'file:///imported/savepoint-1'}
                        """),
                "same-name-as-the-app.yaml", snapshot("orders", "  jobReference: {kind: FlinkDeployment, name: orders}\n  checkpoint: {}\n"))));
    }

    @Test
    void exactlyOneOfSavepointAndCheckpoint() {
        List<String> neither = errors(Map.of("orders.yaml", ORDERS, "s.yaml", snapshot("s", "  jobReference: {kind: FlinkDeployment, name: orders}\n")));
        assertEquals(List.of("s.yaml:6:1: /spec: a FlinkStateSnapshot needs exactly one of spec.savepoint and spec.checkpoint"), neither);
        List<String> both = errors(Map.of("orders.yaml", ORDERS,
                "s.yaml", snapshot("s", "  jobReference: {kind: FlinkDeployment, name: orders}\n  savepoint: {}\n  checkpoint: {}\n")));
        assertEquals(1, both.size());
        assertTrue(both.get(0).startsWith("s.yaml:9:3: /spec/checkpoint: a FlinkStateSnapshot is a savepoint or a checkpoint, not both"), both.get(0));
    }

    @Test
    void alreadyExistsNeedsAPathAndAJobReferenceIsRequired() {
        List<String> found = errors(Map.of("s.yaml", snapshot("s", "  savepoint: {alreadyExists: true}\n")));
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).contains("/spec: spec.jobReference is required"), found.toString());
        assertTrue(found.get(1).contains("s.yaml:7:30: /spec/savepoint/alreadyExists: alreadyExists: true needs spec.savepoint.path"),
                found.toString());
    }

    @Test
    void theJobReferenceMustNameAnAppOfThatKindWithAJob() {
        assertEquals(List.of("s.yaml:4:9: /spec/jobReference: jobReference names no valid FlinkDeployment payments/nope in this repository"),
                errors(Map.of("orders.yaml", ORDERS, "s.yaml", snapshot("s", "  jobReference: {kind: FlinkDeployment, name: nope}\n  checkpoint: {}\n"))));
        assertEquals(List.of("s.yaml:4:9: /spec/jobReference: jobReference names a FlinkSessionJob, but payments/orders is a FlinkDeployment"),
                errors(Map.of("orders.yaml", ORDERS, "s.yaml", snapshot("s", "  jobReference: {kind: FlinkSessionJob, name: orders}\n  checkpoint: {}\n"))));
        assertEquals(List.of("s.yaml:4:9: /spec/jobReference: FlinkDeployment payments/session is a session cluster without a job: there is nothing to snapshot"),
                errors(Map.of("session.yaml", SESSION, "s.yaml", snapshot("s", "  jobReference: {kind: FlinkDeployment, name: session}\n  checkpoint: {}\n"))));
    }

    @Test
    void unknownFieldsAndValuesAreErrorsAsForOtherKinds() {
        List<String> found = errors(Map.of("orders.yaml", ORDERS, "s.yaml", snapshot("s", """
                  jobReference: {kind: FlinkDeployment, name: orders}
                  savepoint: {formatType: BINARY, disposeOnDelet: true}
                  backoffLimit: -2
                """)));
        assertEquals(3, found.size(), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.contains("/spec/savepoint") && f.contains("disposeOnDelet")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.contains("/spec/savepoint/formatType")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.contains("/spec/backoffLimit")), found.toString());
    }

    @Test
    void twoFilesCannotDefineOneSnapshot() {
        String body = "  jobReference: {kind: FlinkDeployment, name: orders}\n  checkpoint: {}\n";
        List<String> found = errors(Map.of("orders.yaml", ORDERS, "a.yaml", snapshot("s", body), "b.yaml", snapshot("s", body)));
        assertEquals(List.of("a.yaml:4:9: /metadata/name: duplicate FlinkStateSnapshot payments/s: also defined in b.yaml",
                "b.yaml:4:9: /metadata/name: duplicate FlinkStateSnapshot payments/s: also defined in a.yaml"), found);
    }
}
