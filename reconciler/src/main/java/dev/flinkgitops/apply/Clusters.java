package dev.flinkgitops.apply;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The session clusters by name. With a fallback (the embedded cluster), every name resolves
 * to it; without one, an unknown name resolves to nothing and the app waits with an error.
 */
public final class Clusters {

    private final Map<String, Cluster> byName;
    private final Cluster fallback;

    public Clusters(Map<String, Cluster> byName, Cluster fallback) {
        this.byName = new TreeMap<>(byName);
        this.fallback = fallback;
    }

    public Optional<Cluster> get(String name) {
        return Optional.ofNullable(byName.getOrDefault(name, fallback));
    }

    /** True when every name goes to the one embedded cluster. */
    public boolean embedded() {
        return fallback != null;
    }
}
