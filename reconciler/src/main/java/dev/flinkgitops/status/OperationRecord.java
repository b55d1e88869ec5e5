package dev.flinkgitops.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkgitops.appspec.UpgradeMode;

/**
 * The write-ahead record of an operation in flight. It is pushed to the status branch before
 * the job is stopped; the savepoint path is pushed before the new job starts.
 *
 * @param type what the operation is for
 * @param step where it stands
 * @param targetCommit the spec commit the operation was started for
 * @param mode the upgrade mode in force when it started (written as the spec writes it)
 * @param triggerId the savepoint trigger id the daemon chose (reused after a crash)
 * @param fromJobId the job being stopped
 * @param savepoint the completed savepoint path, once known (last-state, while CANCELLING: the
 *     checkpoint last read as the restore point, not yet known to be stable)
 * @param checkpointReadAt last-state, while CANCELLING: when {@code savepoint} was first read after
 *     the job ended; it is recorded as the restore point only once a read past Flink's REST cache
 *     still names it
 */
public record OperationRecord(
        OperationType type,
        OperationStep step,
        String targetCommit,
        String targetHash,
        @JsonSerialize(using = UpgradeModeJson.Writer.class) @JsonDeserialize(using = UpgradeModeJson.Reader.class)
        UpgradeMode mode,
        String triggerId,
        String fromJobId,
        String savepoint,
        String startedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        String checkpointReadAt) {

    public OperationRecord(OperationType type, OperationStep step, String targetCommit, String targetHash, UpgradeMode mode,
            String triggerId, String fromJobId, String savepoint, String startedAt) {
        this(type, step, targetCommit, targetHash, mode, triggerId, fromJobId, savepoint, startedAt, null);
    }

    /** The phase an app is in while this operation runs. */
    public Phase phase() {
        return type.phase();
    }

    public OperationRecord atStep(OperationStep newStep, String savepointPath) {
        return new OperationRecord(type, newStep, targetCommit, targetHash, mode, triggerId, fromJobId, savepointPath, startedAt);
    }

    /** Still CANCELLING: {@code path} read as the final checkpoint at {@code readAt}, to be confirmed by a later read. */
    public OperationRecord withCheckpointCandidate(String path, String readAt) {
        return new OperationRecord(type, step, targetCommit, targetHash, mode, triggerId, fromJobId, path, startedAt, readAt);
    }
}
