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
 */
public record RunRequest(
        String entryClass,
        Integer parallelism,
        List<String> args,
        String savepointPath,
        boolean allowNonRestoredState,
        String jobId,
        Map<String, String> flinkConfiguration) {}
