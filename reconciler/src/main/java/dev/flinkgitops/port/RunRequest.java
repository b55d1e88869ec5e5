package dev.flinkgitops.port;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /jars/:jarid/run}.
 *
 * @param parallelism null to use the cluster's default
 * @param savepointPath null to start from empty state
 * @param jobId the deterministic job id the daemon chose (32 hex characters)
 * @param flinkConfiguration job-level configuration passed with the run request
 * @param optionalKeys the keys of {@code flinkConfiguration} the daemon added, not the spec
 *     (savepoint directory, last-state checkpoint retention): a cluster that takes no per-job
 *     configuration (Flink before 1.17) can run the job without them; the spec's own keys it cannot
 */
public record RunRequest(
        String entryClass,
        Integer parallelism,
        List<String> args,
        String savepointPath,
        boolean allowNonRestoredState,
        String jobId,
        Map<String, String> flinkConfiguration,
        java.util.Set<String> optionalKeys) {

    public RunRequest {
        optionalKeys = optionalKeys == null ? java.util.Set.of() : java.util.Set.copyOf(optionalKeys);
    }

    public RunRequest(String entryClass, Integer parallelism, List<String> args, String savepointPath,
            boolean allowNonRestoredState, String jobId, Map<String, String> flinkConfiguration) {
        this(entryClass, parallelism, args, savepointPath, allowNonRestoredState, jobId, flinkConfiguration, null);
    }

    /** The spec's own configuration keys: every key but the {@link #optionalKeys()}. */
    public java.util.SortedSet<String> specKeys() {
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(flinkConfiguration == null ? java.util.Set.of()
                : flinkConfiguration.keySet());
        keys.removeAll(optionalKeys);
        return keys;
    }
}
