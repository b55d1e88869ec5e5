package dev.flinkgitops.port;

/**
 * One Kubernetes object of an app as the planner sees it: who it is and two content hashes, no
 * content. The Kubernetes adapter computes the hashes (over the parts flink-gitops renders), so
 * that deciding about drift needs no Kubernetes model.
 *
 * @param kind {@code ConfigMap}, {@code Service}, {@code Deployment}, {@code Ingress}, {@code NetworkPolicy},
 *     {@code ServiceAccount}, {@code Role} or {@code RoleBinding}
 * @param component the object's {@value #COMPONENT_LABEL} label ({@link #JOBMANAGER}, ...), or null
 * @param writtenHash the content hash the object was written with (its content-hash annotation), or
 *     null when it has none; for a rendered object, the hash of its rendered content
 * @param actualHash the content hash of the object as it is now, over only the fields the daemon set
 *     when it wrote it (what the API server defaulted or a webhook added is not content); for a
 *     rendered object equal to {@code writtenHash}
 */
public record KubeObject(String kind, String namespace, String name, String component, String writtenHash,
        String actualHash) {

    /** The label that says what an object is to its app. */
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

    /** Values of {@link #COMPONENT_LABEL}. */
    public static final String CONFIG = "config";
    public static final String REST = "rest";
    public static final String JOBMANAGER = "jobmanager";
    public static final String TASKMANAGER = "taskmanager";
    /** The Ingress to the web UI ({@code spec.ingress}): the one object a spec change can take away. */
    public static final String INGRESS = "ingress";
    /** The NetworkPolicy that admits only the app's own pods and the daemon (and an ingress controller). */
    public static final String NETWORK_POLICY = "network-policy";
    /**
     * The ServiceAccount, Role and RoleBinding a cluster with Kubernetes HA runs with: optional too (an app that
     * turns HA off or names its own serviceAccount has none).
     */
    public static final String HA_ACCESS = "ha-access";

    /** A rendered object: its content is what it was written with. */
    public static KubeObject rendered(String kind, String namespace, String name, String component, String contentHash) {
        return new KubeObject(kind, namespace, name, component, contentHash, contentHash);
    }

    /** {@code Kind/name}, the way results and logs name an object. */
    public String object() {
        return kind + "/" + name;
    }

    /** Kind, namespace and name: what makes a live object the same as a rendered one. */
    String identity() {
        return kind + "/" + namespace + "/" + name;
    }
}
