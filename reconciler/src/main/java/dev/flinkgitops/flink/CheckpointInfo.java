package dev.flinkgitops.flink;

/**
 * A job's checkpoints as Flink reports them ({@code GET /jobs/:id/checkpoints} and
 * {@code .../checkpoints/config}).
 *
 * @param completed how many checkpoints completed since the job started
 * @param latestPath the latest completed checkpoint's external path, or null
 * @param latestTimeMillis when the latest completed checkpoint was acknowledged (epoch ms), or -1
 * @param retainedOnCancellation true when checkpoints survive a cancel (externalized, RETAIN_ON_CANCELLATION)
 */
public record CheckpointInfo(long completed, String latestPath, long latestTimeMillis, boolean retainedOnCancellation) {

    public static CheckpointInfo none() {
        return new CheckpointInfo(0, null, -1, false);
    }
}
