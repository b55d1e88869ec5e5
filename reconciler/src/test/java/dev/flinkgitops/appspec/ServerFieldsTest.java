package dev.flinkgitops.appspec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A file saved by {@code kubectl get -o yaml} and the same file without what the server added are one spec. */
class ServerFieldsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String SPEC = "spec:\n  deploymentName: session\n  job:\n    jarURI: local:///job.jar\n"
            + "    upgradeMode: savepoint\n";
    private static final String CLEAN = "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\n"
            + "metadata:\n  name: orders\n  namespace: payments\n" + SPEC;
    private static final String FROM_KUBECTL = "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\n"
            + "metadata:\n  name: orders\n  namespace: payments\n  uid: 5e0b1d0c-1111\n  resourceVersion: \"123\"\n"
            + "  generation: 4\n  creationTimestamp: \"2025-03-01T10:00:00Z\"\n  selfLink: /apis/x\n"
            + "  finalizers: [flinksessionjobs.flink.apache.org/finalizer]\n"
            + "  managedFields:\n  - manager: kubectl\n    operation: Update\n"
            + "  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{\"kind\":\"FlinkSessionJob\"}'\n"
            + SPEC + "status:\n  jobStatus: {state: RUNNING}\n  lifecycleState: STABLE\n";

    @Test
    void serverSetFieldsDoNotChangeTheSpecHashOrTheResource() throws Exception {
        AppSpec clean = AppSpecReader.read("a.yaml", YAML.readTree(CLEAN));
        AppSpec fromKubectl = AppSpecReader.read("a.yaml", YAML.readTree(FROM_KUBECTL));

        assertEquals(clean.hash(), fromKubectl.hash());
        assertEquals(clean.resource(), fromKubectl.resource());
        assertFalse(fromKubectl.resource().path("metadata").has("annotations"), "an annotations map left empty goes too");
    }

    @Test
    void aLabelOrAnAnnotationOfTheAuthorStillCounts() throws Exception {
        String annotated = CLEAN.replace("  namespace: payments\n", "  namespace: payments\n  annotations: {team: payments}\n");
        assertNotEquals(AppSpecReader.read("a.yaml", YAML.readTree(CLEAN)).hash(),
                AppSpecReader.read("a.yaml", YAML.readTree(annotated)).hash());
    }

    @Test
    void namesWhatItFound() throws Exception {
        JsonNode resource = YAML.readTree(FROM_KUBECTL);
        assertEquals(List.of("/status", "/metadata/uid", "/metadata/resourceVersion", "/metadata/generation",
                "/metadata/creationTimestamp", "/metadata/managedFields", "/metadata/finalizers", "/metadata/selfLink",
                "/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration"), ServerFields.present(resource));
    }
}
