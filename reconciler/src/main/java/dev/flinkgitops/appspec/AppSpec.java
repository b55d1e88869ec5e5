package dev.flinkgitops.appspec;

import java.util.Map;
import java.util.SortedMap;

/**
 * One valid application spec read from the repository.
 *
 * @param file the spec's path in the repository ({@code apps/team/orders.yaml})
 * @param deploymentName for a FlinkSessionJob, the session cluster it runs on; null otherwise
 * @param flinkVersion {@code spec.flinkVersion} as written, or null
 * @param flinkConfiguration {@code spec.flinkConfiguration} flattened as the operator does it (nested
 *     mappings joined with dots, see {@link FlatConfiguration}), values as strings, sorted
 * @param job the job, or null for a FlinkDeployment without one (a session cluster)
 * @param hash SHA-256 (hex) of the spec's canonical JSON with defaults applied: equal hashes
 *     mean the same desired job
 * @param resource the whole resource as written, without {@code status} and server-set metadata ({@link ServerFields}): for targets that need
 *     fields the model does not name (image, resources, pod templates). Not to be modified.
 */
public record AppSpec(
        String file,
        AppId id,
        Kind kind,
        Map<String, String> labels,
        String deploymentName,
        String flinkVersion,
        SortedMap<String, String> flinkConfiguration,
        JobSpec job,
        String hash,
        com.fasterxml.jackson.databind.JsonNode resource) {

    public AppSpec {
        labels = Map.copyOf(labels);
        flinkConfiguration = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(flinkConfiguration));
    }

    /**
     * The savepoint directory this app's snapshots go to, or null when the spec sets none:
     * {@code state.savepoints.dir}, or its Flink 2 name {@code execution.checkpointing.savepoint-dir}.
     */
    public String savepointDirectory() {
        String dir = flinkConfiguration.get("state.savepoints.dir");
        return dir != null ? dir : flinkConfiguration.get("execution.checkpointing.savepoint-dir");
    }

    /** The {@code kubernetes.operator.*} settings of this app. */
    public OperatorSettings operatorSettings() {
        return OperatorSettings.of(flinkConfiguration);
    }

    /** For a FlinkStateSnapshot, what it asks for; null for every other kind. */
    public SnapshotSpec snapshot() {
        return kind == Kind.FLINK_STATE_SNAPSHOT ? SnapshotSpec.of(this) : null;
    }

    public boolean hasJob() {
        return job != null;
    }
}
