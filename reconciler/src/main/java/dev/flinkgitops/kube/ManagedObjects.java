package dev.flinkgitops.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Observes the Kubernetes objects flink-gitops manages and never acts: one list call per kind
 * (ConfigMap, Service, Deployment) per namespace, by label selector, however many apps there are.
 */
public final class ManagedObjects {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "flink-gitops";
    public static final String APP_NAME_LABEL = "app.kubernetes.io/name";
    public static final String CONTENT_HASH_ANNOTATION = "flink-gitops.dev/content-hash";

    private static final Comparator<HasMetadata> BY_KIND_AND_NAME =
            Comparator.comparing((HasMetadata o) -> o.getKind()).thenComparing(o -> o.getMetadata().getName());

    private final KubernetesClient client;

    public ManagedObjects(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The live objects carrying {@code selectorKey=selectorValue}, grouped by app identity
     * ({@link #appKey}: namespace and the {@value #APP_NAME_LABEL} label), each group sorted by
     * kind and name. Objects without the app name label belong to no app and are left out.
     */
    public Map<String, List<HasMetadata>> list(Set<String> namespaces, String selectorKey, String selectorValue) {
        Map<String, List<HasMetadata>> byApp = new TreeMap<>();
        for (String namespace : namespaces) {
            List<HasMetadata> objects = new ArrayList<>();
            objects.addAll(client.configMaps().inNamespace(namespace)
                    .withLabel(selectorKey, selectorValue).list().getItems());
            objects.addAll(client.services().inNamespace(namespace)
                    .withLabel(selectorKey, selectorValue).list().getItems());
            objects.addAll(client.apps().deployments().inNamespace(namespace)
                    .withLabel(selectorKey, selectorValue).list().getItems());
            for (HasMetadata object : objects) {
                Map<String, String> labels = object.getMetadata().getLabels();
                String app = labels == null ? null : labels.get(APP_NAME_LABEL);
                if (app != null) {
                    byApp.computeIfAbsent(appKey(namespace, app), k -> new ArrayList<>()).add(object);
                }
            }
        }
        byApp.values().forEach(group -> group.sort(BY_KIND_AND_NAME));
        return byApp;
    }

    /** The key {@link #list} groups an app's objects under: {@code namespace/name}. */
    public static String appKey(String namespace, String name) {
        return namespace + "/" + name;
    }
}
