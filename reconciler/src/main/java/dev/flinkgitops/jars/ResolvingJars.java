package dev.flinkgitops.jars;

import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Jars;

import dev.flinkgitops.jars.JarResolver;
import dev.flinkgitops.jars.JarUploads;

/** {@link Jars} over the jar resolver (jarURI to local file) and the per-cluster upload cache. */
public final class ResolvingJars implements Jars {

    private final JarResolver resolver;
    private final JarUploads uploads;

    public ResolvingJars(JarResolver resolver, JarUploads uploads) {
        this.resolver = resolver;
        this.uploads = uploads;
    }

    @Override
    public String upload(Cluster cluster, String jarURI) {
        return uploads.ensureUploaded(cluster.jobs(), resolver.resolve(jarURI));
    }

    @Override
    public void forget(Cluster cluster, String jarURI) {
        uploads.forget(cluster.jobs(), resolver.resolve(jarURI));
    }
}
