package dev.flinkgitops.status;

/**
 * The Flink job the daemon started for an application.
 *
 * @param generation how many jobs the daemon has started for this app; part of the job id
 * @param restoredFrom the savepoint the job started from, or null for empty state
 */
public record JobRecord(String id, String cluster, String state, int generation, String restoredFrom, String startedAt) {

    public JobRecord withState(String newState) {
        return new JobRecord(id, cluster, newState, generation, restoredFrom, startedAt);
    }
}
