package dev.flinkgitops.review;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.Kind;
import dev.flinkgitops.appspec.SnapshotSpec;
import dev.flinkgitops.plan.SnapshotRemoval;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.SnapshotRecord;
import dev.flinkgitops.validate.FileResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code plan} says of FlinkStateSnapshot files a change adds, changes or removes: "takes a
 * savepoint of payments/orders", "registers <path>", "disposes <path>" (or why it is kept). The rules
 * are the planner's ({@link SnapshotRemoval}); the snapshot is taken by the daemon while the app's job runs.
 */
final class SnapshotReview {

    private SnapshotReview() {}

    /** Whether a validated file is a FlinkStateSnapshot (left out of the apps). */
    static boolean isSnapshot(FileResult result) {
        return result.spec() != null && result.spec().kind() == Kind.FLINK_STATE_SNAPSHOT;
    }

    static List<AppReview> review(List<FileResult> base, List<FileResult> head, Map<AppId, AppStatus> statuses,
            Map<String, AppId> restorePoints) {
        Map<AppId, SnapshotSpec> before = snapshots(base);
        Map<AppId, SnapshotSpec> after = snapshots(head);
        List<AppReview> reviews = new ArrayList<>();
        after.forEach((id, snapshot) -> {
            SnapshotSpec was = before.get(id);
            if (was == null || !was.hash().equals(snapshot.hash())) {
                reviews.add(review(snapshot, was == null ? "ADDED" : "CHANGED", taken(snapshot), List.of()));
            }
        });
        before.forEach((id, snapshot) -> {
            if (after.containsKey(id) || head.stream().anyMatch(r -> r.file().equals(snapshot.file()) && !r.valid())) {
                return;
            }
            AppStatus status = statuses.get(snapshot.target());
            SnapshotRecord record = status == null ? null : status.snapshot(id.toString());
            String detail;
            if (record == null) {
                detail = "nothing to dispose: no snapshot is recorded for it";
            } else {
                String keep = SnapshotRemoval.keepReason(snapshot.target(), status, record, restorePoints);
                detail = keep != null ? keep : "disposes " + record.path() + " (disposeOnDelete)";
            }
            reviews.add(review(snapshot, "REMOVED", detail, List.of("removal: " + detail)));
        });
        return reviews;
    }

    private static String taken(SnapshotSpec snapshot) {
        if (snapshot.alreadyExists()) {
            return "registers " + snapshot.path() + " as a savepoint of " + snapshot.target() + " (nothing is taken)"
                    + (snapshot.disposeOnDelete() ? "; disposes " + snapshot.path() + " on removal unless an app restores from it" : "");
        }
        if (snapshot.checkpoint()) {
            return "takes a " + snapshot.checkpointType() + " checkpoint of " + snapshot.target() + " (Flink 1.17 or newer)";
        }
        return "takes a savepoint of " + snapshot.target() + (snapshot.path() != null ? " into " + snapshot.path() : "")
                + " (" + snapshot.formatType() + ")" + (snapshot.disposeOnDelete() ? "; disposes it on removal unless an app restores from it"
                : "; kept on removal (disposeOnDelete: false)");
    }

    private static AppReview review(SnapshotSpec snapshot, String change, String detail, List<String> warnings) {
        String action = change.equals("REMOVED") ? (detail.startsWith("disposes") ? "dispose" : "record only")
                : snapshot.alreadyExists() ? "register" : snapshot.what();
        return new AppReview("snapshot " + snapshot.id(), snapshot.file(), change, null, action, detail, null, List.of(),
                warnings, List.of());
    }

    private static Map<AppId, SnapshotSpec> snapshots(List<FileResult> files) {
        Map<AppId, SnapshotSpec> snapshots = new TreeMap<>();
        files.stream().filter(FileResult::valid).filter(SnapshotReview::isSnapshot).map(FileResult::spec)
                .map(AppSpec::snapshot).forEach(s -> snapshots.put(s.id(), s));
        return snapshots;
    }
}
