package dev.flinkgitops.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.FlatConfiguration;
import dev.flinkgitops.appspec.Kind;
import dev.flinkgitops.appspec.Memory;
import dev.flinkgitops.appspec.ServerFields;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What an operator file carries that flink-gitops does not act on, so that nothing is accepted and
 * ignored in silence: fields of the operator's spec it does not honour ({@link OperatorFields}),
 * {@code mode: native}, configuration keys ({@link ConfigurationReport}, {@link HighAvailabilityCheck}),
 * and what {@code kubectl get -o yaml} adds ({@link ServerFields}). Memory amounts are read as the
 * operator reads them ({@link Memory}); one it could not read is an error.
 */
final class OperatorCompatibility {

    private OperatorCompatibility() {}

    /**
     * @param flat the spec's flinkConfiguration with the position of each key
     * @param kubernetesTarget whether FlinkDeployments run on Kubernetes (else on the session cluster)
     */
    static void check(Findings findings, AppSpec spec, FlatConfiguration flat, UnaryOperator<String> pointerOf,
            boolean kubernetesTarget) {
        noteServerFields(findings);
        OperatorFields.check(findings, spec, kubernetesTarget);
        boolean deployment = spec.kind() == Kind.FLINK_DEPLOYMENT;
        boolean cluster = deployment && kubernetesTarget;
        if (deployment && !spec.hasJob() && !kubernetesTarget) {
            return; // a session cluster definition that is not deployed: SemanticCheck says so once
        }
        if (cluster) {
            checkMode(findings);
        }
        ConfigurationReport.check(findings, flat.values(), pointerOf, cluster);
        HighAvailabilityCheck.check(findings, flat.values(), pointerOf, cluster);
        if (cluster) {
            HighAvailabilityCheck.checkRenderedCluster(findings, spec, pointerOf);
        }
        if (deployment) {
            checkMemory(findings, "/spec/jobManager/resource/memory");
            checkMemory(findings, "/spec/taskManager/resource/memory");
        }
    }

    private static void noteServerFields(Findings findings) {
        List<String> present = ServerFields.present(findings.tree().root());
        if (present.contains("/status")) {
            findings.note("/status", "status is written by the operator: ignored");
        }
        List<String> metadata = present.stream().filter(p -> p.startsWith("/metadata/")).toList();
        if (!metadata.isEmpty()) {
            findings.note(metadata.get(0), "set by the Kubernetes API server, ignored: " + String.join(", ",
                    metadata.stream().map(p -> p.substring("/metadata/".length()).replace("~1", "/").replace("~0", "~")).toList()));
        }
    }

    /** {@code mode: native} (the operator's default) is accepted; the cluster runs standalone all the same. */
    private static void checkMode(Findings findings) {
        JsonNode mode = findings.tree().root().path("spec").path("mode");
        if (mode.isMissingNode()) {
            findings.note("/spec", "mode not set: flink-gitops runs the cluster in standalone mode"
                    + " (the operator's default is native)");
        } else if (mode.asText().equals("native")) {
            findings.warning("/spec/mode", "mode native: flink-gitops runs the cluster in standalone mode (JobManager"
                    + " and TaskManager Deployments it renders), not with Flink's native Kubernetes integration");
        }
    }

    /** Memory the operator could not read is an error where it is written (the cluster would not be rendered). */
    private static void checkMemory(Findings findings, String pointer) {
        JsonNode memory = findings.tree().root().at(pointer);
        if (!memory.isTextual()) {
            return;
        }
        try {
            Memory.bytes(memory.asText());
        } catch (IllegalArgumentException e) {
            findings.error(pointer, e.getMessage());
        }
    }
}
