package dev.flinkgitops.status;

/**
 * A completed savepoint.
 *
 * @param reason why it was taken: upgrade, suspend, restart
 * @param jobId the job it was taken from
 * @param specCommit the spec commit that job was running
 */
public record SavepointRecord(String path, String triggerId, String reason, String jobId, String specCommit, String time) {

    /** The reason of a restore point a person chose ({@code savepointRedeployNonce} with {@code initialSavepointPath}). */
    public static final String CHOSEN = "chosen by savepointRedeployNonce";
}
