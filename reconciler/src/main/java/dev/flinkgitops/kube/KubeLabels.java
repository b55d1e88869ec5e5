package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.port.KubeNames;
import dev.flinkgitops.port.KubeObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The names, labels and annotations flink-gitops puts on the Kubernetes objects of an app, and
 * the content hash that tells a rendered object from a drifted live one.
 */
public final class KubeLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "flink-gitops";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String COMPONENT = KubeObject.COMPONENT_LABEL;

    /** The app's {@code AppSpec.hash()}: which spec the object was rendered from. */
    public static final String SPEC_HASH = "flink-gitops.dev/spec-hash";
    /** {@link #contentHash(HasMetadata)} of the object as rendered. */
    public static final String CONTENT_HASH = "flink-gitops.dev/content-hash";
    /**
     * The fields flink-gitops set on the object (names and merge keys, no values; see {@code
     * FieldRecord}): the live content hash is taken over these fields only.
     */
    public static final String FIELDS = "flink-gitops.dev/fields";
    /**
     * On the pod templates: the content hash of the ConfigMap, so that a configuration change
     * rolls the pods (the ConfigMap alone would not restart them).
     */
    public static final String CONFIG_HASH = "flink-gitops.dev/config-hash";

    /** The label keys flink-gitops owns; other labels on a live object are not ours to compare. */
    public static final List<String> OWNED_LABELS = List.of(MANAGED_BY, NAME, COMPONENT);

    /** Values of {@link #COMPONENT}: what an object is to its app. */
    public static final String CONFIG = KubeObject.CONFIG;
    public static final String REST = KubeObject.REST;
    public static final String JOBMANAGER = KubeObject.JOBMANAGER;
    public static final String TASKMANAGER = KubeObject.TASKMANAGER;
    public static final String INGRESS = KubeObject.INGRESS;
    public static final String NETWORK_POLICY = KubeObject.NETWORK_POLICY;
    public static final String HA_ACCESS = KubeObject.HA_ACCESS;

    private KubeLabels() {}

    public static String configMapName(AppId app) {
        return KubeNames.configMap(app);
    }

    public static String restServiceName(AppId app) {
        return KubeNames.restService(app);
    }

    public static String jobManagerName(AppId app) {
        return KubeNames.jobManager(app);
    }

    public static String taskManagerName(AppId app) {
        return KubeNames.taskManager(app);
    }

    public static String networkPolicyName(AppId app) {
        return KubeNames.networkPolicy(app);
    }

    /** Selects every object of the app (all components). */
    public static SortedMap<String, String> selector(AppId app) {
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(NAME, app.name());
        return labels;
    }

    /**
     * Selects the objects (or pods) of one component ({@link #JOBMANAGER}, ...); a Deployment's
     * immutable selector.
     */
    public static SortedMap<String, String> selector(AppId app, String component) {
        SortedMap<String, String> labels = selector(app);
        labels.put(COMPONENT, component);
        return labels;
    }

    /** The labels of an object: the same as its component's selector. */
    public static SortedMap<String, String> labels(AppId app, String component) {
        return selector(app, component);
    }

    /**
     * SHA-256 (hex) of the fields flink-gitops set on an object (its {@link #FIELDS} record; a
     * rendered object, all it has). Equal for a rendered object and the same object as the API
     * server returns it, whatever the server defaulted or a webhook added (server-set metadata and
     * status are ignored; quantities compare by value), so a difference on a live object is drift.
     */
    public static String contentHash(HasMetadata object) {
        return ContentHash.of(object);
    }

    /** Our labels first, then the annotations; the content hash and field record of the object as it is then. */
    static void stamp(HasMetadata object, AppId app, String component, String specHash) {
        object.getMetadata().setLabels(new TreeMap<>(labels(app, component)));
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(SPEC_HASH, specHash);
        object.getMetadata().setAnnotations(annotations);
        ContentHash.stamp(object);
    }
}
