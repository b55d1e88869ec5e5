package dev.flinkgitops.port;

/** The cluster has no checkpoint trigger ({@code POST /jobs/:id/checkpoints} came with Flink 1.17). */
public final class CheckpointsUnsupportedException extends FlinkException {

    public CheckpointsUnsupportedException(String message, int httpStatus) {
        super(message, httpStatus);
    }
}
