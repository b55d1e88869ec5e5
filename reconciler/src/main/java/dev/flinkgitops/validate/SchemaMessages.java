package dev.flinkgitops.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Clearer words than the schema validator's for what real operator files get wrong: an old
 * apiVersion, a flinkVersion the operator spells otherwise ({@link FlinkVersions}), and fields that
 * are not the operator's (vendor extensions named as such).
 */
final class SchemaMessages {

    static final String API_VERSION = "flink.apache.org/v1beta1";

    /** Fields vendors add to their copies of the operator's resources, by JSON pointer, with the vendor. */
    static final Map<String, String> VENDOR_FIELDS = Map.of(
            "/spec/executionRoleArn", "Amazon EMR on EKS",
            "/spec/emrReleaseLabel", "Amazon EMR on EKS",
            "/spec/monitoringConfiguration", "Amazon EMR on EKS",
            "/spec/jobManager/storageDir", "Amazon EMR on EKS");

    private SchemaMessages() {}

    /** The message for a violation at {@code pointer} on {@code value}, or null to keep the validator's. */
    static String forValue(String pointer, JsonNode value) {
        if (value == null || value.isMissingNode() || !value.isValueNode()) {
            return null;
        }
        if (pointer.equals("/spec/flinkVersion")) {
            return FlinkVersions.problem(value.asText());
        }
        if (pointer.equals("/apiVersion") && value.asText().startsWith("flink.apache.org/")) {
            return "apiVersion " + value.asText() + " is not supported: flink-gitops reads the operator's "
                    + API_VERSION + " resources (the operator's API since release 1.0): change apiVersion to " + API_VERSION;
        }
        return null;
    }

    /** What to add after "unknown field 'x'" when no declared field is close to it. */
    static String unknownField(String pointer, String property) {
        String vendor = VENDOR_FIELDS.get(pointer);
        if (vendor != null) {
            return ": an extension of " + vendor + ", not part of the Flink Kubernetes Operator's resource"
                    + " (flink-gitops reads the operator's fields only; remove it)";
        }
        if (pointer.matches("/spec/(jobManager|taskManager)/resources/(memory|cpu|ephemeralStorage)")) {
            return ": resources holds Kubernetes requests and limits (did you mean resource." + property
                    + ", or resources.requests." + property + "?)";
        }
        return ": not part of the Flink Kubernetes Operator's resource";
    }
}
