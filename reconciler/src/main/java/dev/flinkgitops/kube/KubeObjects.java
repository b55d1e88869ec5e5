package dev.flinkgitops.kube;

import dev.flinkgitops.port.Drift;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The only class that writes to Kubernetes. Applies by get, compare, then create or update with
 * the live resourceVersion: the CRUD test server (and this class) use no server-side apply and no
 * strategic merge patch. Every Kubernetes error is thrown as it comes (a 409 on a concurrent
 * edit, a 404 on an object deleted meanwhile); the next tick starts again from a fresh read.
 */
public final class KubeObjects {

    private enum Write { CREATED, UPDATED, UNCHANGED }

    private record Written(HasMetadata live, Write write) {}

    private final KubernetesClient client;
    private final Function<HasMetadata, String> contentHasher;

    /** @param contentHasher the hash of an object's rendered content (see {@link Drift}) */
    public KubeObjects(KubernetesClient client, Function<HasMetadata, String> contentHasher) {
        this.client = client;
        this.contentHasher = contentHasher;
    }

    /**
     * Makes the cluster hold {@code desired}, object by object in order. Once the object named
     * {@code ownerName} exists (the JobManager Deployment; may be null), the other Deployments (the
     * TaskManagers, deleted with it on suspend) get an owner reference to it (not controller, not blocking
     * deletion); written before the owner was first created, they get it in a second update. The objects a
     * suspend keeps (ConfigMap, Service, Ingress, NetworkPolicy, HA access) get none, and lose one an older
     * daemon wrote: a real garbage collector would delete them when the suspend deletes the JobManager,
     * racing a quick resume that needs them. They are deleted explicitly, by label, with the app.
     */
    public ApplyResult apply(List<HasMetadata> desired, String ownerName) {
        List<HasMetadata> live = desired.stream().map(o -> client.resource(o).get()).toList();
        HasMetadata owner = null;
        for (int i = 0; i < desired.size(); i++) {
            if (isOwner(desired.get(i), ownerName) && live.get(i) != null) {
                owner = live.get(i);
            }
        }
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<Integer> withoutOwner = new ArrayList<>();
        List<HasMetadata> written = new ArrayList<>(live);
        for (int i = 0; i < desired.size(); i++) {
            HasMetadata object = desired.get(i);
            boolean isOwner = isOwner(object, ownerName);
            boolean owned = !isOwner && object instanceof io.fabric8.kubernetes.api.model.apps.Deployment;
            Written result = write(object, live.get(i), owned ? owner : null, ownerName);
            written.set(i, result.live());
            if (isOwner) {
                owner = result.live();
            } else if (owned && owner == null && ownerName != null) {
                withoutOwner.add(i);
            }
            (switch (result.write()) {
                case CREATED -> created;
                case UPDATED -> updated;
                case UNCHANGED -> unchanged;
            }).add(name(object));
        }
        if (owner != null) {
            for (int i : withoutOwner) {
                write(desired.get(i), written.get(i), owner, ownerName);
            }
        }
        return new ApplyResult(created, updated, unchanged);
    }

    /**
     * Deletes the Deployments, Ingresses, Services, ConfigMaps, HA access objects (RoleBindings, Roles,
     * ServiceAccounts) and NetworkPolicies matching {@code selector}, in that order (the NetworkPolicy last:
     * the pods stay shut off until they are gone).
     */
    public void delete(String namespace, Map<String, String> selector) {
        deleteDeployments(namespace, selector);
        deleteIngresses(namespace, selector);
        client.services().inNamespace(namespace).withLabels(checked(selector)).delete();
        client.configMaps().inNamespace(namespace).withLabels(checked(selector)).delete();
        deleteHaAccess(namespace, selector);
        client.network().v1().networkPolicies().inNamespace(namespace).withLabels(checked(selector)).delete();
    }

    /** Deletes the RoleBindings, Roles and ServiceAccounts matching {@code selector}. */
    public void deleteHaAccess(String namespace, Map<String, String> selector) {
        client.rbac().roleBindings().inNamespace(namespace).withLabels(checked(selector)).delete();
        client.rbac().roles().inNamespace(namespace).withLabels(checked(selector)).delete();
        client.serviceAccounts().inNamespace(namespace).withLabels(checked(selector)).delete();
    }

    /** Deletes only the Deployments matching {@code selector}: suspends an application cluster. */
    public void deleteDeployments(String namespace, Map<String, String> selector) {
        client.apps().deployments().inNamespace(namespace).withLabels(checked(selector)).delete();
    }

    /** Deletes the Ingresses matching {@code selector}: the spec no longer has an {@code ingress}. */
    public void deleteIngresses(String namespace, Map<String, String> selector) {
        client.network().v1().ingresses().inNamespace(namespace).withLabels(checked(selector)).delete();
    }

    /** @param owner the owner to reference, or null for none @param ownerName the JobManager's name: a reference to it otherwise goes */
    private Written write(HasMetadata desired, HasMetadata live, HasMetadata owner, String ownerName) {
        HasMetadata wanted = client.getKubernetesSerialization().clone(desired);
        OwnerReference reference = owner == null ? null : referenceTo(owner);
        if (reference != null) {
            wanted.getMetadata().setOwnerReferences(new ArrayList<>(List.of(reference)));
        }
        if (live == null) {
            return new Written(client.resource(wanted).create(), Write.CREATED);
        }
        boolean referenced = reference == null ? !referencesOwner(live, ownerName) : hasReference(live, reference);
        if (Drift.of(ObjectValues.rendered(desired, contentHasher), ObjectValues.live(live, contentHasher)).isEmpty()
                && referenced) {
            return new Written(live, Write.UNCHANGED);
        }
        return new Written(client.resource(replacement(wanted, live, reference, ownerName)).update(), Write.UPDATED);
    }

    /**
     * Ours: labels, annotations, spec or data, our owner reference. Kept from the live object:
     * its resourceVersion (optimistic locking), finalizers, owner references to anything else,
     * and a Service's allocated cluster IPs.
     */
    private static HasMetadata replacement(HasMetadata wanted, HasMetadata live, OwnerReference reference, String ownerName) {
        ObjectMeta meta = wanted.getMetadata();
        ObjectMeta liveMeta = live.getMetadata();
        meta.setResourceVersion(liveMeta.getResourceVersion());
        meta.setFinalizers(liveMeta.getFinalizers());
        List<OwnerReference> references = new ArrayList<>();
        for (OwnerReference other : liveMeta.getOwnerReferences()) {
            if (!isJobManager(other, ownerName)) {
                references.add(other);
            }
        }
        if (reference != null) {
            references.add(reference);
        }
        meta.setOwnerReferences(references);
        if (wanted instanceof Service service && live instanceof Service liveService
                && service.getSpec() != null && service.getSpec().getClusterIP() == null) {
            service.getSpec().setClusterIP(liveService.getSpec().getClusterIP());
            service.getSpec().setClusterIPs(liveService.getSpec().getClusterIPs());
        }
        return wanted;
    }

    private static OwnerReference referenceTo(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(false)
                .withBlockOwnerDeletion(false)
                .build();
    }

    private static boolean hasReference(HasMetadata live, OwnerReference reference) {
        return live.getMetadata().getOwnerReferences().stream()
                .anyMatch(r -> reference.getUid().equals(r.getUid()));
    }

    /** A reference to the app's JobManager Deployment (of any uid: an older one's too). */
    private static boolean isJobManager(OwnerReference reference, String ownerName) {
        return "Deployment".equals(reference.getKind()) && reference.getName().equals(ownerName);
    }

    private static boolean referencesOwner(HasMetadata live, String ownerName) {
        return ownerName != null && live.getMetadata().getOwnerReferences().stream().anyMatch(r -> isJobManager(r, ownerName));
    }

    private static boolean isOwner(HasMetadata object, String ownerName) {
        return object.getMetadata().getName().equals(ownerName);
    }

    private static String name(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }

    /** Guard: an empty selector would delete every object of the kind in the namespace. */
    private static Map<String, String> checked(Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            throw new IllegalArgumentException("refusing to delete with an empty label selector");
        }
        return selector;
    }
}
