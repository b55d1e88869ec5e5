package dev.flinkgitops.validate;

import dev.flinkgitops.appspec.OperatorSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * flinkConfiguration keys that flink-gitops does not act on, reported as warnings: the operator's
 * autoscaler, {@code kubernetes.operator.*} settings other than the savepoint guard's, and the
 * settings only Flink's native Kubernetes integration reads (flink-gitops runs standalone
 * clusters). The Kubernetes HA settings are {@link HighAvailabilityCheck}'s.
 */
final class ConfigurationReport {

    static final String AUTOSCALER_PREFIX = "job.autoscaler.";
    /** The autoscaler's keys before operator 1.7 moved them to {@code job.autoscaler.*}. */
    static final String OLD_AUTOSCALER_PREFIX = "kubernetes.operator.job.autoscaler.";
    static final String PARALLELISM_OVERRIDES = "pipeline.jobvertex-parallelism-overrides";
    static final String OPERATOR_PREFIX = "kubernetes.operator.";

    /** The {@code kubernetes.operator.*} keys flink-gitops acts on ({@link OperatorSettings}). */
    static final Set<String> OPERATOR_KEYS_ACTED_ON = Set.of(OperatorSettings.PERIODIC_SAVEPOINT_INTERVAL,
            OperatorSettings.HISTORY_MAX_COUNT, OperatorSettings.HISTORY_MAX_AGE, OperatorSettings.LAST_STATE_MAX_AGE,
            OperatorSettings.READINESS_TIMEOUT, OperatorSettings.ROLLBACK_ENABLED, OperatorSettings.SAVEPOINT_ON_DELETION,
            OperatorSettings.SAVEPOINT_FORMAT);

    /**
     * Keys that only Flink's native Kubernetes integration reads (its pod factories, its REST
     * Service and its resource manager): a standalone cluster, which flink-gitops runs, ignores them.
     * The {@code kubernetes.*} keys the Kubernetes HA services read (cluster-id, namespace, client
     * settings) are not here.
     */
    static final List<String> NATIVE_ONLY = List.of(
            "kubernetes.container.image", "kubernetes.container.image.ref", "kubernetes.container.image.pull-policy",
            "kubernetes.container.image.pull-secrets", "kubernetes.pod-template-file",
            "kubernetes.pod-template-file.default", "kubernetes.pod-template-file.jobmanager",
            "kubernetes.pod-template-file.taskmanager", "kubernetes.service-account",
            "kubernetes.jobmanager.service-account", "kubernetes.taskmanager.service-account",
            "kubernetes.jobmanager.replicas", "kubernetes.jobmanager.cpu", "kubernetes.jobmanager.cpu.amount",
            "kubernetes.jobmanager.cpu.limit-factor", "kubernetes.jobmanager.memory.limit-factor",
            "kubernetes.taskmanager.cpu", "kubernetes.taskmanager.cpu.amount", "kubernetes.taskmanager.cpu.limit-factor",
            "kubernetes.taskmanager.memory.limit-factor", "kubernetes.jobmanager.annotations",
            "kubernetes.taskmanager.annotations", "kubernetes.jobmanager.labels", "kubernetes.taskmanager.labels",
            "kubernetes.jobmanager.node-selector", "kubernetes.taskmanager.node-selector",
            "kubernetes.jobmanager.tolerations", "kubernetes.taskmanager.tolerations",
            "kubernetes.jobmanager.owner.reference", "kubernetes.rest-service.exposed.type",
            "kubernetes.rest-service.exposed.node-port-address-type", "kubernetes.rest-service.annotations",
            "kubernetes.secrets", "kubernetes.env.secretKeyRef", "kubernetes.hostnetwork.enabled",
            "kubernetes.entry.path", "kubernetes.flink.conf.dir", "kubernetes.flink.log.dir",
            "kubernetes.hadoop.conf.config-map.name", "kubernetes.taskmanager.entrypoint.args",
            "kubernetes.jobmanager.entrypoint.args", "kubernetes.taskmanager.slots");
    static final String NATIVE_ONLY_PREFIX = "kubernetes.decorator.";

    private ConfigurationReport() {}

    /**
     * @param pointerOf where a configuration key's value is written
     * @param cluster true when flink-gitops renders this app's cluster (a FlinkDeployment on the
     *     Kubernetes target); false when the job runs on a session cluster flink-gitops does not render
     */
    static void check(Findings findings, Map<String, String> configuration, UnaryOperator<String> pointerOf,
            boolean cluster) {
        List<String> autoscaler = keys(configuration, k -> k.startsWith(AUTOSCALER_PREFIX) || k.startsWith(OLD_AUTOSCALER_PREFIX));
        if (!autoscaler.isEmpty()) {
            findings.warning(pointerOf.apply(autoscaler.get(0)), "autoscaler settings not acted on: " + String.join(", ", autoscaler)
                    + " (flink-gitops runs no autoscaler)");
        }
        if (configuration.containsKey(PARALLELISM_OVERRIDES)) {
            findings.warning(pointerOf.apply(PARALLELISM_OVERRIDES), PARALLELISM_OVERRIDES + " is passed to Flink as written:"
                    + " flink-gitops runs no autoscaler and never changes it");
        }
        List<String> operator = keys(configuration, k -> k.startsWith(OPERATOR_PREFIX) && !k.startsWith(OLD_AUTOSCALER_PREFIX)
                && !OPERATOR_KEYS_ACTED_ON.contains(k));
        if (!operator.isEmpty()) {
            findings.warning(pointerOf.apply(operator.get(0)), "operator settings not acted on: " + String.join(", ", operator)
                    + " (flink-gitops acts on the savepoint guard's kubernetes.operator.* keys only, see docs/operator-fields.md)");
        }
        List<String> nativeOnly = nativeOnly(configuration);
        if (!nativeOnly.isEmpty()) {
            findings.warning(pointerOf.apply(nativeOnly.get(0)), "native-only settings that do not apply: "
                    + String.join(", ", nativeOnly) + " (only Flink's native Kubernetes integration reads them; " + (cluster
                            ? "flink-gitops runs the cluster in standalone mode)"
                            : "the job runs on a session cluster flink-gitops does not deploy)"));
        }
    }

    /** The native-only keys of {@code configuration}, sorted. */
    static List<String> nativeOnly(Map<String, String> configuration) {
        return keys(configuration, k -> NATIVE_ONLY.contains(k) || k.startsWith(NATIVE_ONLY_PREFIX));
    }

    private static List<String> keys(Map<String, String> configuration, java.util.function.Predicate<String> which) {
        return configuration.keySet().stream().filter(which).sorted().toList();
    }
}
