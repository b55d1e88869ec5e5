package dev.flinkgitops.port;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Flink clusters by name. Configured session clusters come first; names of the Kubernetes
 * target ({@link ClusterName#isKubernetes}) resolve through {@code kube} (one client per cluster,
 * kept); with a fallback (the embedded cluster) every other name resolves to it; without one, an
 * unknown name resolves to nothing and the app waits with an error.
 */
public final class Clusters {

    private final Map<String, Cluster> byName;
    private final Cluster fallback;
    private final Function<String, Cluster> kube;
    private final Map<String, Cluster> kubeClusters = new ConcurrentHashMap<>();

    public Clusters(Map<String, Cluster> byName, Cluster fallback) {
        this(byName, fallback, null);
    }

    public Clusters(Map<String, Cluster> byName, Cluster fallback, Function<String, Cluster> kube) {
        this.byName = new TreeMap<>(byName);
        this.fallback = fallback;
        this.kube = kube;
    }

    public Optional<Cluster> get(String name) {
        Cluster configured = byName.get(name);
        if (configured != null) {
            return Optional.of(configured);
        }
        if (kube != null && ClusterName.isKubernetes(name)) {
            return Optional.of(kubeClusters.computeIfAbsent(name, kube));
        }
        return Optional.ofNullable(fallback);
    }

    /** True when every name goes to the one embedded cluster. */
    public boolean embedded() {
        return fallback != null;
    }
}
