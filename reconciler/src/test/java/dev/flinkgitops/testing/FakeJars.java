package dev.flinkgitops.testing;

import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Jars;

import java.nio.file.Path;

/**
 * The jar port, faked for the tests and the benchmarks: it resolves nothing and caches nothing,
 * every {@link #upload} sends a jar named after the spec's jarURI to the cluster's (fake) Flink
 * port, so the jar id is whatever that port hands out. There is no cache, so there is nothing to
 * forget.
 */
public final class FakeJars implements Jars {

    @Override
    public String upload(Cluster cluster, String jarURI) {
        return cluster.jobs().uploadJar(Path.of(jarURI.substring(jarURI.lastIndexOf('/') + 1)));
    }

    @Override
    public void forget(Cluster cluster, String jarURI) {}
}
