package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.SnapshotRecord;
import dev.flinkgitops.status.SnapshotState;

import java.util.Map;

/** The rule for a removed FlinkStateSnapshot's data, shared by the planner and {@code plan}'s review. */
public final class SnapshotRemoval {

    private SnapshotRemoval() {}

    /**
     * Why the data of a removed snapshot is kept, or null when it is disposed: only a completed savepoint
     * with {@code disposeOnDelete} that is no app's restore point (the app's latest savepoint, the one its
     * job restored from, or any app's {@code initialSavepointPath} or latest savepoint) is disposed.
     *
     * @param recorded the status of the app the snapshot belongs to
     * @param restorePoints every path some app restores from, to that app
     */
    public static String keepReason(AppId app, AppStatus recorded, SnapshotRecord record, Map<String, AppId> restorePoints) {
        if (SnapshotRecord.CHECKPOINT.equals(record.kind())) {
            return "a checkpoint is kept: its data belongs to Flink";
        }
        if (record.state() != SnapshotState.COMPLETED || record.path() == null) {
            return "nothing to dispose: the savepoint was never completed (" + record.state() + ")";
        }
        if (!record.disposeOnDelete()) {
            return "savepoint " + record.path() + " kept (disposeOnDelete: false)";
        }
        if (recorded.lastSavepoint() != null && record.path().equals(recorded.lastSavepoint().path())) {
            return "savepoint " + record.path() + " kept: it is the latest savepoint of " + app + " (its restore point)";
        }
        if (recorded.job() != null && record.path().equals(recorded.job().restoredFrom())) {
            return "savepoint " + record.path() + " kept: job " + recorded.job().id() + " restored from it";
        }
        AppId user = restorePoints.get(record.path());
        return user == null ? null : "savepoint " + record.path() + " kept: it is a restore point of " + user;
    }
}
