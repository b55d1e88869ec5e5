package dev.flinkgitops.status;

/**
 * The Flink job the daemon started for an application.
 *
 * @param generation how many jobs the daemon has started for this app; part of the job id
 * @param restoredFrom the savepoint the job started from, or null for empty state
 * @param jobManagerRestarts on Kubernetes, how often the JobManager's container had restarted when last
 *     seen (null until seen; left out of the status file then): without HA each restart rewinds the job
 */
public record JobRecord(String id, String cluster, String state, int generation, String restoredFrom, String startedAt,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Integer jobManagerRestarts) {

    public JobRecord(String id, String cluster, String state, int generation, String restoredFrom, String startedAt) {
        this(id, cluster, state, generation, restoredFrom, startedAt, null);
    }

    public JobRecord withState(String newState) {
        return new JobRecord(id, cluster, newState, generation, restoredFrom, startedAt, jobManagerRestarts);
    }

    public JobRecord withJobManagerRestarts(Integer restarts) {
        return new JobRecord(id, cluster, state, generation, restoredFrom, startedAt, restarts);
    }
}
