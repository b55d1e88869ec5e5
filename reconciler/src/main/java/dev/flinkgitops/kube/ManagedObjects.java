package dev.flinkgitops.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Observes the Kubernetes objects flink-gitops manages and never acts: one list call per kind
 * (ConfigMap, Service, Deployment, Ingress, NetworkPolicy, ServiceAccount, Role, RoleBinding, and Pod when their
 * status is wanted) per namespace, by label selector, however many apps there are.
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
        return listing(namespaces, selectorKey, selectorValue, false).objects();
    }

    /**
     * The objects (as {@link #list}) and the pods with the same label, grouped the same way: one more
     * list call per namespace, so the Deployments' and pods' status cost no per-app call.
     */
    public Listing listWithPods(Set<String> namespaces, String selectorKey, String selectorValue) {
        return listing(namespaces, selectorKey, selectorValue, true);
    }

    /** @param objects app key to its objects @param pods app key to its pods */
    public record Listing(Map<String, List<HasMetadata>> objects, Map<String, List<Pod>> pods) {}

    private Listing listing(Set<String> namespaces, String selectorKey, String selectorValue, boolean withPods) {
        Map<String, List<HasMetadata>> byApp = new TreeMap<>();
        Map<String, List<Pod>> podsByApp = new TreeMap<>();
        for (String namespace : namespaces) {
            List<HasMetadata> objects = new ArrayList<>();
            objects.addAll(checked(client.configMaps().inNamespace(namespace)
                    .withLabel(selectorKey, selectorValue).list(), "ConfigMaps", namespace));
            objects.addAll(checked(client.services().inNamespace(namespace)
                    .withLabel(selectorKey, selectorValue).list(), "Services", namespace));
            objects.addAll(checked(client.apps().deployments().inNamespace(namespace)
                    .withLabel(selectorKey, selectorValue).list(), "Deployments", namespace));
            objects.addAll(checked(client.network().v1().ingresses().inNamespace(namespace)
                    .withLabel(selectorKey, selectorValue).list(), "Ingresses", namespace));
            objects.addAll(checked(client.network().v1().networkPolicies().inNamespace(namespace)
                    .withLabel(selectorKey, selectorValue).list(), "NetworkPolicies", namespace));
            objects.addAll(checked(client.serviceAccounts().inNamespace(namespace)
                    .withLabel(selectorKey, selectorValue).list(), "ServiceAccounts", namespace));
            objects.addAll(checked(client.rbac().roles().inNamespace(namespace)
                    .withLabel(selectorKey, selectorValue).list(), "Roles", namespace));
            objects.addAll(checked(client.rbac().roleBindings().inNamespace(namespace)
                    .withLabel(selectorKey, selectorValue).list(), "RoleBindings", namespace));
            for (HasMetadata object : objects) {
                appOf(object).ifPresent(app -> byApp.computeIfAbsent(appKey(namespace, app), k -> new ArrayList<>()).add(object));
            }
            if (withPods) {
                for (Pod pod : checked(client.pods().inNamespace(namespace).withLabel(selectorKey, selectorValue).list(),
                        "Pods", namespace)) {
                    appOf(pod).ifPresent(app -> podsByApp.computeIfAbsent(appKey(namespace, app), k -> new ArrayList<>()).add(pod));
                }
            }
        }
        byApp.values().forEach(group -> group.sort(BY_KIND_AND_NAME));
        podsByApp.values().forEach(group -> group.sort(BY_KIND_AND_NAME));
        return new Listing(byApp, podsByApp);
    }

    private static java.util.Optional<String> appOf(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return java.util.Optional.ofNullable(labels == null ? null : labels.get(APP_NAME_LABEL));
    }

    /**
     * A list as the API server answers it: with a resourceVersion, and items that name themselves.
     * Anything else (a proxy's {@code {}}, a truncated answer read as an empty list) is a failed
     * call, never "no objects": objects believed gone would be created again and their jobs restarted.
     */
    static <T extends HasMetadata> List<T> checked(io.fabric8.kubernetes.api.model.KubernetesResourceList<T> list, String what,
            String namespace) {
        boolean shaped = list != null && list.getMetadata() != null && list.getMetadata().getResourceVersion() != null
                && !list.getMetadata().getResourceVersion().isEmpty() && list.getItems() != null
                && list.getItems().stream().allMatch(item -> item.getMetadata() != null && item.getMetadata().getName() != null);
        if (!shaped) {
            throw new io.fabric8.kubernetes.client.KubernetesClientException("listing " + what + " in namespace " + namespace
                    + ": the answer is not a list the API server gives (no resourceVersion, or items without a name): "
                    + "treated as a failed call");
        }
        return list.getItems();
    }

    /** The key {@link #list} groups an app's objects under: {@code namespace/name}. */
    public static String appKey(String namespace, String name) {
        return namespace + "/" + name;
    }
}
