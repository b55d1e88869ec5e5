package dev.flinkgitops.kube;

import dev.flinkgitops.port.KubeObject;
import dev.flinkgitops.port.KubeTarget;
import dev.flinkgitops.port.RenderRequest;
import dev.flinkgitops.port.WorkloadHealth;
import dev.flinkgitops.appspec.AppId;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link KubeTarget} through the fabric8 client: render, apply by content hash, delete by the app's
 * labels; live objects are handed out as values with their content hashes.
 */
public final class KubernetesTarget implements KubeTarget {

    private static final Logger log = LoggerFactory.getLogger(KubernetesTarget.class);

    private final KubeObjects objects;
    private final ManagedObjects managed;
    private final dev.flinkgitops.config.NetworkPeers peers;
    private final KubernetesClient client;

    /** With the NetworkPolicy peers of deploy/. */
    public KubernetesTarget(KubernetesClient client) {
        this(client, dev.flinkgitops.config.NetworkPeers.DEFAULTS);
    }

    /** @param peers who besides an app's own pods may reach them: the same as the planner's {@link Renderer}'s */
    public KubernetesTarget(KubernetesClient client, dev.flinkgitops.config.NetworkPeers peers) {
        this.client = client;
        this.objects = new KubeObjects(client, KubeLabels::contentHash);
        this.managed = new ManagedObjects(client);
        this.peers = peers;
    }

    @Override
    public void apply(AppId app, RenderRequest request) {
        List<io.fabric8.kubernetes.api.model.HasMetadata> rendered = Renderer.render(request, peers);
        ApplyResult result = objects.apply(rendered, KubeLabels.jobManagerName(app));
        if (rendered.stream().noneMatch(o -> o instanceof io.fabric8.kubernetes.api.model.networking.v1.Ingress)) {
            objects.deleteIngresses(app.namespace(), KubeLabels.selector(app, KubeLabels.INGRESS));
        }
        if (rendered.stream().noneMatch(o -> KubeLabels.HA_ACCESS.equals(o.getMetadata().getLabels().get(KubeLabels.COMPONENT)))) {
            objects.deleteHaAccess(app.namespace(), KubeLabels.selector(app, KubeLabels.HA_ACCESS));
        }
        if (!result.noWrites()) {
            log.info("{}: Kubernetes objects created {}, updated {}", app, result.created(), result.updated());
        }
    }

    /**
     * A suspend deletes the Deployments and keeps the rest, the HA data included (a last-state resume recovers
     * from it). A delete removes everything, and, as the operator does, the ConfigMaps Flink's Kubernetes HA
     * services wrote for the app's cluster id (read from the app's ConfigMap before it goes; the app's name
     * when there is none): {@code app=<cluster-id>, configmap-type=high-availability}.
     */
    @Override
    public void remove(AppId app, boolean everything) {
        if (everything) {
            String clusterId = HaData.clusterId(client, app);
            objects.delete(app.namespace(), KubeLabels.selector(app));
            HaData.delete(client, app.namespace(), clusterId);
            log.info("{}: deleted the HA ConfigMaps of cluster id {}", app, clusterId);
        } else {
            objects.deleteDeployments(app.namespace(), KubeLabels.selector(app));
        }
    }

    @Override
    public Live live(Set<String> namespaces) {
        ManagedObjects.Listing listing = managed.listWithPods(namespaces, KubeLabels.MANAGED_BY, KubeLabels.MANAGED_BY_VALUE);
        Map<AppId, List<KubeObject>> byApp = new TreeMap<>();
        Map<AppId, WorkloadHealth> health = new TreeMap<>();
        listing.objects().forEach((key, list) -> {
            AppId app = appId(key);
            byApp.put(app, ObjectValues.live(list, KubeLabels::contentHash));
            health.put(app, WorkloadReader.health(list, listing.pods().getOrDefault(key, List.of())));
        });
        // Pods whose app has no object left (deleted, its pods still terminating): a new JobManager waits for them.
        listing.pods().forEach((key, pods) -> health.computeIfAbsent(appId(key), app -> WorkloadReader.health(List.of(), pods)));
        return new Live(byApp, health);
    }

    private static AppId appId(String key) {
        int slash = key.indexOf('/');
        return new AppId(key.substring(0, slash), key.substring(slash + 1));
    }

    @Override
    public Map<AppId, List<KubeObject>> managed(Set<String> namespaces) {
        Map<AppId, List<KubeObject>> byApp = new TreeMap<>();
        managed.list(namespaces, KubeLabels.MANAGED_BY, KubeLabels.MANAGED_BY_VALUE).forEach((key, list) -> {
            int slash = key.indexOf('/');
            byApp.put(new AppId(key.substring(0, slash), key.substring(slash + 1)),
                    ObjectValues.live(list, KubeLabels::contentHash));
        });
        return byApp;
    }
}
