package dev.flinkgitops.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stands in, on fabric8's CRUD test server (which has no garbage collector), for Kubernetes' garbage
 * collector: an object with an owner reference whose owner (by uid) no longer exists is deleted, as the
 * collector does in the background after the owner goes, and so on down the chain. Deterministic: it acts
 * when {@link #collect()} is called.
 */
public final class GarbageCollector {

    private final KubernetesClient client;
    private final String namespace;

    public GarbageCollector(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Deletes every dependent whose owners are all gone, until none is left; returns the names deleted (Kind/name). */
    public List<String> collect() {
        List<String> deleted = new ArrayList<>();
        boolean more = true;
        while (more) {
            List<HasMetadata> objects = objects();
            Set<String> uids = objects.stream().map(o -> o.getMetadata().getUid()).collect(Collectors.toSet());
            more = false;
            for (HasMetadata object : objects) {
                List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
                if (owners != null && !owners.isEmpty() && owners.stream().noneMatch(owner -> uids.contains(owner.getUid()))) {
                    client.resource(object).delete();
                    deleted.add(object.getKind() + "/" + object.getMetadata().getName());
                    more = true;
                }
            }
        }
        return deleted;
    }

    private List<HasMetadata> objects() {
        List<HasMetadata> objects = new ArrayList<>();
        objects.addAll(client.configMaps().inNamespace(namespace).list().getItems());
        objects.addAll(client.services().inNamespace(namespace).list().getItems());
        objects.addAll(client.apps().deployments().inNamespace(namespace).list().getItems());
        objects.addAll(client.apps().replicaSets().inNamespace(namespace).list().getItems());
        objects.addAll(client.pods().inNamespace(namespace).list().getItems());
        objects.addAll(client.network().v1().ingresses().inNamespace(namespace).list().getItems());
        objects.addAll(client.network().v1().networkPolicies().inNamespace(namespace).list().getItems());
        objects.addAll(client.serviceAccounts().inNamespace(namespace).list().getItems());
        objects.addAll(client.rbac().roles().inNamespace(namespace).list().getItems());
        objects.addAll(client.rbac().roleBindings().inNamespace(namespace).list().getItems());
        return objects;
    }
}
