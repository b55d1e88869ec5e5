package dev.flinkgitops.daemon;

import dev.flinkgitops.plan.Desired;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.validate.FileResult;

import java.util.List;
import java.util.Map;

/**
 * The repository's head, validated: what each app should be, and the invalid files that name
 * no known app (a new file that does not parse has no identity yet).
 */
public record Catalog(String commit, Map<AppId, Desired> desired, List<FileResult> unclaimedInvalid,
        List<dev.flinkgitops.appspec.SnapshotSpec> snapshots, java.util.Set<String> files) {

    /** A head without FlinkStateSnapshots. */
    public Catalog(String commit, Map<AppId, Desired> desired, List<FileResult> unclaimedInvalid) {
        this(commit, desired, unclaimedInvalid, List.of(), java.util.Set.of());
    }

    /**
     * What the planner of {@code app} needs about snapshots: the valid FlinkStateSnapshots naming it, the
     * files at head, and the paths apps restore from ({@code restorePoints}, see {@link dev.flinkgitops.plan.SnapshotRequests}).
     */
    public dev.flinkgitops.plan.SnapshotRequests snapshotsOf(AppId app, Map<String, AppId> restorePoints) {
        return new dev.flinkgitops.plan.SnapshotRequests(snapshots.stream().filter(s -> app.equals(s.target())).toList(), files,
                restorePoints);
    }
}
