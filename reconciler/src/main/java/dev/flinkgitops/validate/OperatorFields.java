package dev.flinkgitops.validate;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every field of the Flink Kubernetes Operator's FlinkDeployment and FlinkSessionJob specs
 * (operator 1.10 to current) that flink-gitops does not honour on a target, with what it says
 * instead. A field not in the table is honoured with the operator's meaning on both targets.
 * {@code docs/operator-fields.md} is this table in words (with the honoured fields too);
 * OperatorFieldsTest checks that both, and the schema, name the same fields.
 */
final class OperatorFields {

    /** How a field that is not honoured is reported. */
    enum Report { WARNING, ERROR }

    /**
     * One field that is not honoured on some target.
     *
     * @param pointer the field's JSON pointer ({@code /spec/ingress})
     * @param session the message on the session target, or null where it is honoured
     * @param kubernetes the message on the Kubernetes target, or null where it is honoured
     */
    record Field(String pointer, Report report, String session, String kubernetes) {}

    static final String SESSION_CLUSTER = "is not applied on the session target: the job runs on the session"
            + " cluster as that cluster is configured (it applies on the Kubernetes target)";
    static final String SESSION_CLUSTER_PLURAL = "are not applied on the session target: the job runs on the session"
            + " cluster as that cluster is configured (they apply on the Kubernetes target)";

    /**
     * Fields of a FlinkDeployment that describe its cluster (with everything below them); a job on
     * the session target uses none of them.
     */
    static final List<String> CLUSTER_FIELDS = List.of("image", "imagePullPolicy", "serviceAccount", "podTemplate",
            "jobManager", "taskManager", "ingress", "logConfiguration", "mode");

    static final Map<String, Field> FIELDS = new LinkedHashMap<>();

    static {
        String autoscaler = "spec.job.autoscalerResetNonce is not acted on: flink-gitops runs no autoscaler";
        add("/spec/job/autoscalerResetNonce", Report.WARNING, autoscaler, autoscaler);
        String reference = "spec.job.initialStateReference (a FlinkStateSnapshot reference) is not supported:"
                + " the job would start from empty state; set spec.job.initialSavepointPath to the snapshot's path";
        add("/spec/job/initialStateReference", Report.ERROR, reference, reference);
    }

    private OperatorFields() {}

    private static void add(String pointer, Report report, String session, String kubernetes) {
        FIELDS.put(pointer, new Field(pointer, report, session, kubernetes));
    }

    /**
     * Reports every field of the table that {@code spec} sets and its target does not honour, and,
     * for a job of a FlinkDeployment on the session target, the cluster fields it sets (one warning
     * naming them all). A FlinkDeployment without a job on the session target is not deployed at
     * all (SemanticCheck says so once), so its fields are not reported one by one.
     */
    static void check(Findings findings, AppSpec spec, boolean kubernetesTarget) {
        JsonNode root = findings.tree().root();
        boolean deployment = spec.kind() == Kind.FLINK_DEPLOYMENT;
        if (deployment && !kubernetesTarget) {
            if (!spec.hasJob()) {
                return;
            }
            List<String> cluster = CLUSTER_FIELDS.stream().filter(f -> root.path("spec").has(f)).toList();
            if (!cluster.isEmpty()) {
                findings.warning("/spec/" + cluster.get(0), String.join(", ", cluster.stream().map(f -> "spec." + f).toList())
                        + " " + (cluster.size() == 1 ? SESSION_CLUSTER : SESSION_CLUSTER_PLURAL));
            }
        }
        boolean onKubernetes = kubernetesTarget && deployment;
        for (Field field : FIELDS.values()) {
            String message = onKubernetes ? field.kubernetes() : field.session();
            if (message == null || root.at(field.pointer()).isMissingNode()) {
                continue;
            }
            if (field.report() == Report.ERROR) {
                findings.error(field.pointer(), message);
            } else {
                findings.warning(field.pointer(), message);
            }
        }
    }
}
