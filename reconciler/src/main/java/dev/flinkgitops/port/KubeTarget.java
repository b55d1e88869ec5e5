package dev.flinkgitops.port;

import dev.flinkgitops.appspec.AppId;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Kubernetes objects of apps that run as their own Flink clusters. */
public interface KubeTarget {

    /**
     * Renders the request as the app's objects, then creates missing objects and updates changed or
     * edited ones; leaves the rest untouched.
     */
    void apply(AppId app, RenderRequest request);

    /** Deletes the app's Deployments ({@code everything}: also its ConfigMap and Service). */
    void remove(AppId app, boolean everything);

    /** The live objects flink-gitops manages in these namespaces, by app (one list per kind and namespace). */
    Map<AppId, List<KubeObject>> managed(Set<String> namespaces);

    /**
     * The managed objects and how each app's cluster is doing (its Deployments' and pods' status), read
     * together: one list per kind and namespace, pods included. Without a status to read, no health.
     */
    default Live live(Set<String> namespaces) {
        return new Live(managed(namespaces), Map.of());
    }

    /** @param objects the managed objects by app @param health each app's workload health, for the apps that have objects */
    record Live(Map<AppId, List<KubeObject>> objects, Map<AppId, WorkloadHealth> health) {
        public Live {
            objects = Map.copyOf(objects);
            health = Map.copyOf(health);
        }
    }

    /** Where there is no Kubernetes: every call fails. */
    static KubeTarget none() {
        return new KubeTarget() {
            @Override
            public void apply(AppId app, RenderRequest request) {
                throw new IllegalStateException("the Kubernetes target is not enabled (--kubernetes)");
            }

            @Override
            public void remove(AppId app, boolean everything) {
                throw new IllegalStateException("the Kubernetes target is not enabled (--kubernetes)");
            }

            @Override
            public Map<AppId, List<KubeObject>> managed(Set<String> namespaces) {
                return Map.of();
            }
        };
    }
}
