package dev.flinkgitops.status;

/** Where a snapshot stands; the first five are the operator's FlinkStateSnapshot states. */
public enum SnapshotState {
    /** Asked for, not triggered yet (or waiting for its next try after a failure). */
    TRIGGER_PENDING,
    /** Triggered under the recorded trigger id; Flink is working on it. */
    IN_PROGRESS,
    COMPLETED,
    /** Failed more often than {@code backoffLimit} allows: not tried again. */
    FAILED,
    /** Its job stopped (or was never running) before the snapshot completed: not tried again. */
    ABANDONED,
    /** The file was removed and the savepoint disposed ({@code disposeOnDelete}). */
    DISPOSED,
    /** The file was removed and the data kept: the note says why. */
    REMOVED;

    /** True once nothing more happens to the snapshot (until its file asks again). */
    public boolean ended() {
        return this != TRIGGER_PENDING && this != IN_PROGRESS;
    }
}
