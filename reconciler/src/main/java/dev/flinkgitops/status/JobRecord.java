package dev.flinkgitops.status;

/**
 * The Flink job the daemon started for an application.
 *
 * @param generation how many jobs the daemon has started for this app; part of the job id
 * @param restoredFrom the savepoint the job started from, or null for empty state
 * @param jobManagerRestarts on Kubernetes, how often the JobManager's container had restarted when last
 *     seen (null until seen; left out of the status file then): without HA each restart rewinds the job
 * @param flinkStartTime on Kubernetes without HA, the job's start time as Flink last reported it (epoch millis; null
 *     until seen, left out of the status file then): a later one under the same job id means a JobManager started
 *     the job again, from the path in its arguments, even where its pod was replaced and the restart count began anew
 * @param parallelism the parallelism the job was rescaled to in place (null, and left out of the status file, until
 *     the job is rescaled without a restart: until then it runs at its spec's {@code job.parallelism})
 */
public record JobRecord(String id, String cluster, String state, int generation, String restoredFrom, String startedAt,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Integer jobManagerRestarts,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Long flinkStartTime,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Integer parallelism) {

    public JobRecord(String id, String cluster, String state, int generation, String restoredFrom, String startedAt) {
        this(id, cluster, state, generation, restoredFrom, startedAt, null, null, null);
    }

    public JobRecord(String id, String cluster, String state, int generation, String restoredFrom, String startedAt,
            Integer jobManagerRestarts) {
        this(id, cluster, state, generation, restoredFrom, startedAt, jobManagerRestarts, null, null);
    }

    public JobRecord withState(String newState) {
        return new JobRecord(id, cluster, newState, generation, restoredFrom, startedAt, jobManagerRestarts, flinkStartTime,
                parallelism);
    }

    public JobRecord withJobManagerRestarts(Integer restarts) {
        return new JobRecord(id, cluster, state, generation, restoredFrom, startedAt, restarts, flinkStartTime, parallelism);
    }

    public JobRecord withFlinkStartTime(Long startTime) {
        return new JobRecord(id, cluster, state, generation, restoredFrom, startedAt, jobManagerRestarts, startTime, parallelism);
    }

    /** The same job, rescaled in place to {@code newParallelism}. */
    public JobRecord withParallelism(Integer newParallelism) {
        return new JobRecord(id, cluster, state, generation, restoredFrom, startedAt, jobManagerRestarts, flinkStartTime,
                newParallelism);
    }
}
