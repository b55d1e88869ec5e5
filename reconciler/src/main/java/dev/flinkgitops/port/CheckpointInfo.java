package dev.flinkgitops.port;

/**
 * A job's checkpoints as Flink reports them ({@code GET /jobs/:id/checkpoints} and
 * {@code .../checkpoints/config}).
 *
 * @param completed how many checkpoints completed since the job started
 * @param latestPath the latest completed checkpoint's external path, or null
 * @param latestTimeMillis when the latest completed checkpoint was acknowledged (epoch ms), or -1
 * @param retainedOnCancellation true when checkpoints survive a cancel (externalized, RETAIN_ON_CANCELLATION)
 * @param latestExists whether the latest checkpoint's {@code _metadata} exists, when the daemon can see its
 *     file system ({@code file:} paths); null otherwise
 */
public record CheckpointInfo(long completed, String latestPath, long latestTimeMillis, boolean retainedOnCancellation,
        Boolean latestExists) {

    public CheckpointInfo(long completed, String latestPath, long latestTimeMillis, boolean retainedOnCancellation) {
        this(completed, latestPath, latestTimeMillis, retainedOnCancellation, null);
    }

    public static CheckpointInfo none() {
        return new CheckpointInfo(0, null, -1, false);
    }

    /** These checkpoints, with whether the latest one's metadata exists (null: cannot be told from here). */
    public CheckpointInfo withLatestExists(Boolean exists) {
        return new CheckpointInfo(completed, latestPath, latestTimeMillis, retainedOnCancellation, exists);
    }
}
