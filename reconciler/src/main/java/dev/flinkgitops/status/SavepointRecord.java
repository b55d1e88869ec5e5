package dev.flinkgitops.status;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A completed savepoint.
 *
 * @param reason why it was taken: upgrade, suspend, restart
 * @param jobId the job it was taken from
 * @param specCommit the spec commit that job was running
 * @param rollbackTo for a restore point chosen by {@code savepointRedeployNonce} that the app's history knows: the
 *     spec commit whose savepoint it is, i.e. the version whose state the redeploy went back to (a rollback);
 *     null otherwise, and then left out of the status file
 */
public record SavepointRecord(String path, String triggerId, String reason, String jobId, String specCommit, String time,
        @JsonInclude(JsonInclude.Include.NON_NULL) String rollbackTo) {

    /** The reason of a restore point a person chose ({@code savepointRedeployNonce} with {@code initialSavepointPath}). */
    public static final String CHOSEN = "chosen by savepointRedeployNonce";

    public SavepointRecord(String path, String triggerId, String reason, String jobId, String specCommit, String time) {
        this(path, triggerId, reason, jobId, specCommit, time, null);
    }

    /**
     * The record in {@code history} (newest first) of the savepoint at {@code path} with the spec commit it was taken
     * for, leaving out restore points chosen earlier (they name the redeploy's commit, not the version): a redeploy
     * from it is a rollback to that version's state. Null when the history does not hold it or names no commit.
     */
    public static SavepointRecord versionOf(java.util.List<SavepointRecord> history, String path) {
        return path == null ? null : history.stream().filter(point -> path.equals(point.path()) && point.specCommit() != null
                && !CHOSEN.equals(point.reason())).findFirst().orElse(null);
    }
}
