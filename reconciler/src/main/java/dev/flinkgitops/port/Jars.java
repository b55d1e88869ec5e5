package dev.flinkgitops.port;

import dev.flinkgitops.port.FlinkJobs;

/** Turns a spec's jarURI into a jar id uploaded to a cluster (once per jar content and cluster). */
public interface Jars {

    String upload(Cluster cluster, String jarURI);

    /** Forgets an upload, so that the next {@link #upload} sends the jar again (Flink lost it). */
    void forget(Cluster cluster, String jarURI);
}
