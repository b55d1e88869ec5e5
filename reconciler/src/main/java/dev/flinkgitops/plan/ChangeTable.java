package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.JobSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The field to consequence table. The same table drives the daemon and the pull-request plan,
 * so what a reviewer reads is what will happen. Flink configuration keys under
 * {@code kubernetes.operator.} configure flink-gitops itself and never restart a job.
 */
public final class ChangeTable {

    /** Job fields, in the order a plan lists them. */
    static final Map<String, Field> JOB_FIELDS = new LinkedHashMap<>();

    static {
        job("spec.job.jarURI", Consequence.UPGRADE, JobSpec::jarURI);
        job("spec.job.entryClass", Consequence.UPGRADE, JobSpec::entryClass);
        job("spec.job.args", Consequence.UPGRADE, JobSpec::args);
        job("spec.job.parallelism", Consequence.SCALE, JobSpec::parallelism);
        job("spec.job.upgradeMode", Consequence.IGNORE, JobSpec::upgradeMode);
        job("spec.job.allowNonRestoredState", Consequence.IGNORE, JobSpec::allowNonRestoredState);
        job("spec.job.initialSavepointPath", Consequence.IGNORE, JobSpec::initialSavepointPath);
        job("spec.job.state", Consequence.IGNORE, JobSpec::state);
        job("spec.job.savepointTriggerNonce", Consequence.IGNORE, JobSpec::savepointTriggerNonce);
        job("spec.job.savepointRedeployNonce", Consequence.IGNORE, JobSpec::savepointRedeployNonce);
        job("spec.job.checkpointTriggerNonce", Consequence.IGNORE, JobSpec::checkpointTriggerNonce);
    }

    static final Consequence FLINK_VERSION = Consequence.UPGRADE;
    /** From Flink 1.x to 2.x (or back): Flink does not guarantee that the state carries over. */
    static final Consequence FLINK_MAJOR_VERSION = Consequence.REDEPLOY;
    /** The operator's {@code spec.restartNonce}: any new value restarts the job, a savepoint upgrade to the same spec. */
    static final Consequence RESTART_NONCE = Consequence.UPGRADE;
    static final String RESTART_NONCE_PATH = "spec.restartNonce";
    static final String FLINK_VERSION_PATH = "spec.flinkVersion";

    /** What {@code plan} and the status say, in capitals where a reviewer reads, about a major version change. */
    public static final String MAJOR_VERSION_WARNING = "STATE COMPATIBILITY NOT GUARANTEED: Flink does not guarantee"
            + " state compatibility between 1.x and 2.x";
    static final Consequence DEPLOYMENT_NAME = Consequence.REDEPLOY;
    static final Consequence FLINK_CONFIGURATION = Consequence.UPGRADE;
    static final Consequence OPERATOR_CONFIGURATION = Consequence.IGNORE;
    static final String OPERATOR_PREFIX = "kubernetes.operator.";

    private ChangeTable() {}

    private static void job(String path, Consequence consequence, Function<JobSpec, Object> read) {
        JOB_FIELDS.put(path, new Field(consequence, read));
    }

    record Field(Consequence consequence, Function<JobSpec, Object> read) {}

    /** One changed field and what it does. */
    public record FieldChange(String path, Object before, Object after, Consequence consequence) {}

    /** All changed fields of a spec change and the largest consequence. */
    public record Change(Consequence consequence, List<FieldChange> fields) {}

    /** Spec fields the model names (compared above); every other field is compared as JSON. */
    static final java.util.Set<String> MODELLED = java.util.Set.of("spec.job", "spec.flinkConfiguration", FLINK_VERSION_PATH,
            "spec.deploymentName", RESTART_NONCE_PATH);

    /**
     * Fields the session target does not use (image, resources, pod templates, ...): on Kubernetes
     * they change the cluster, so the job is redeployed through a savepoint.
     */
    static final Consequence CLUSTER_FIELD_ON_KUBERNETES = Consequence.REDEPLOY;
    static final Consequence CLUSTER_FIELD_ON_SESSION = Consequence.IGNORE;
    /**
     * {@code spec.ingress} never restarts the job: on Kubernetes the changed Ingress is applied (or removed) as
     * drift of the running app, like an object edited outside the daemon.
     */
    static final String INGRESS_PATH = "spec.ingress.";

    /** Classifies the change from {@code before} to {@code after} (both specs of one app) on the session target. */
    public static Change classify(AppSpec before, AppSpec after) {
        return classify(before, after, false);
    }

    /**
     * Classifies the change from {@code before} to {@code after}, including the fields the model
     * does not name ({@code metadata.labels} and {@code metadata.annotations} never restart a job).
     */
    public static Change classify(AppSpec before, AppSpec after, boolean kubernetes) {
        Change modelled = classifyModelled(before, after);
        List<FieldChange> changes = new ArrayList<>(modelled.fields());
        Map<String, String> was = flatten(before.resource());
        Map<String, String> now = flatten(after.resource());
        Set<String> paths = new TreeSet<>(was.keySet());
        paths.addAll(now.keySet());
        for (String path : paths) {
            boolean modelledPath = MODELLED.stream().anyMatch(m -> path.equals(m) || path.startsWith(m + "."));
            boolean metadata = path.startsWith("metadata.");
            if (modelledPath || path.equals("apiVersion") || path.equals("kind")
                    || (metadata && !path.startsWith("metadata.labels") && !path.startsWith("metadata.annotations"))) {
                continue;
            }
            Consequence consequence = metadata || path.startsWith(INGRESS_PATH) ? Consequence.IGNORE
                    : kubernetes ? CLUSTER_FIELD_ON_KUBERNETES : CLUSTER_FIELD_ON_SESSION;
            compare(changes, path, was.get(path), now.get(path), consequence);
        }
        Consequence largest = changes.stream().map(FieldChange::consequence).reduce(Consequence.IGNORE, Consequence::max);
        return new Change(largest, changes);
    }

    /** Leaf paths of a resource ({@code spec.jobManager.resource.memory}) to their JSON text; arrays are leaves. */
    static Map<String, String> flatten(com.fasterxml.jackson.databind.JsonNode node) {
        Map<String, String> leaves = new java.util.TreeMap<>();
        flatten("", node, leaves);
        return leaves;
    }

    private static void flatten(String prefix, com.fasterxml.jackson.databind.JsonNode node, Map<String, String> leaves) {
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(field ->
                    flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), leaves));
        } else if (node != null && !node.isMissingNode() && !prefix.isEmpty()) {
            leaves.put(prefix, node.isTextual() ? node.asText() : node.toString());
        }
    }

    private static Change classifyModelled(AppSpec before, AppSpec after) {
        List<FieldChange> changes = new ArrayList<>();
        if (before.job() != null && after.job() != null) {
            JOB_FIELDS.forEach((path, field) -> compare(changes, path, field.read().apply(before.job()),
                    field.read().apply(after.job()), field.consequence()));
        }
        compare(changes, RESTART_NONCE_PATH, restartNonce(before), restartNonce(after), RESTART_NONCE);
        compare(changes, FLINK_VERSION_PATH, before.flinkVersion(), after.flinkVersion(),
                crossesMajorVersion(before.flinkVersion(), after.flinkVersion()) ? FLINK_MAJOR_VERSION : FLINK_VERSION);
        compare(changes, "spec.deploymentName", before.deploymentName(), after.deploymentName(), DEPLOYMENT_NAME);
        Set<String> keys = new TreeSet<>(before.flinkConfiguration().keySet());
        keys.addAll(after.flinkConfiguration().keySet());
        for (String key : keys) {
            Consequence consequence = key.startsWith(OPERATOR_PREFIX) ? OPERATOR_CONFIGURATION : FLINK_CONFIGURATION;
            compare(changes, "spec.flinkConfiguration." + key, before.flinkConfiguration().get(key),
                    after.flinkConfiguration().get(key), consequence);
        }
        Consequence largest = changes.stream().map(FieldChange::consequence).reduce(Consequence.IGNORE, Consequence::max);
        return new Change(largest, changes);
    }

    /** {@code spec.restartNonce} as written (an integer), or null. */
    static Object restartNonce(AppSpec spec) {
        com.fasterxml.jackson.databind.JsonNode nonce = spec.resource() == null ? null
                : spec.resource().path("spec").path(RESTART_NONCE_PATH.substring("spec.".length()));
        return nonce == null || nonce.isMissingNode() || nonce.isNull() ? null
                : nonce.isIntegralNumber() ? (Object) nonce.longValue() : nonce.asText();
    }

    /** True when both versions are known ({@code v1_20}, {@code v2_3}) and their major versions differ. */
    public static boolean crossesMajorVersion(String before, String after) {
        Integer was = major(before);
        Integer now = major(after);
        return was != null && now != null && !was.equals(now);
    }

    private static Integer major(String version) {
        java.util.regex.Matcher matcher = version == null ? null
                : java.util.regex.Pattern.compile("v(\\d+)_\\d+").matcher(version);
        return matcher != null && matcher.matches() ? Integer.valueOf(matcher.group(1)) : null;
    }

    /** {@code restart (restartNonce 3 → 4)} when the change carries a new restart nonce, else null. */
    public static String restartNote(Change change) {
        return change.fields().stream().filter(f -> f.path().equals(RESTART_NONCE_PATH)).findFirst()
                .map(f -> "restart (restartNonce " + (f.before() == null ? "none" : f.before()) + " → "
                        + (f.after() == null ? "none" : f.after()) + ")")
                .orElse(null);
    }

    /** The major-version warning with the versions ({@code v1_20 → v2_3}), when the change crosses one; else null. */
    public static String majorVersionWarning(Change change) {
        return change.fields().stream()
                .filter(f -> f.path().equals(FLINK_VERSION_PATH) && crossesMajorVersion((String) f.before(), (String) f.after()))
                .findFirst()
                .map(f -> MAJOR_VERSION_WARNING + " (flinkVersion " + f.before() + " → " + f.after() + "). The job is"
                        + " redeployed from a savepoint of the running job (never a last-state checkpoint); if the new"
                        + " version cannot restore it, the new job fails to start and the app reports Flink's error."
                        + " Check that the new version restores a copy of the savepoint before merging")
                .orElse(null);
    }

    private static void compare(List<FieldChange> changes, String path, Object before, Object after, Consequence consequence) {
        if (!Objects.equals(before, after)) {
            changes.add(new FieldChange(path, before, after, consequence));
        }
    }
}
