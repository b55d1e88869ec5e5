package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.status.AppStatus;

import java.time.Instant;

/**
 * Everything the planner may look at for one application.
 *
 * @param recorded the app's file on the status branch, or null for a new app
 * @param recordedSpec the spec at {@code recorded.specCommit}, or null when there is none or it
 *     cannot be read
 * @param targetSpec the spec at the in-flight operation's target commit, or null
 * @param stableSpec the spec at {@code recorded.stableCommit} (the rollback target), or null
 * @param deletionRefused why removing this app's spec is refused this tick (the mass-deletion
 *     guard), or null
 * @param now the tick's clock reading: the planner reads no other clock
 * @param finalSavepointsSince when set, the daemon is stopping and its jobs die with it (the
 *     embedded cluster): every stateful running job without a savepoint since this instant gets one
 * @param snapshots the FlinkStateSnapshots at head that name this app, and what removing one needs to know
 */
public record PlanInput(
        AppId app,
        Desired desired,
        AppStatus recorded,
        AppSpec recordedSpec,
        AppSpec targetSpec,
        AppSpec stableSpec,
        Observed observed,
        String deletionRefused,
        Instant now,
        Instant finalSavepointsSince,
        SnapshotRequests snapshots) {

    public PlanInput {
        snapshots = snapshots == null ? SnapshotRequests.none() : snapshots;
    }

    /** An input without snapshot files. */
    public PlanInput(AppId app, Desired desired, AppStatus recorded, AppSpec recordedSpec, AppSpec targetSpec,
            AppSpec stableSpec, Observed observed, String deletionRefused, Instant now, Instant finalSavepointsSince) {
        this(app, desired, recorded, recordedSpec, targetSpec, stableSpec, observed, deletionRefused, now, finalSavepointsSince,
                SnapshotRequests.none());
    }

    /** An input of a daemon that is not stopping. */
    public PlanInput(AppId app, Desired desired, AppStatus recorded, AppSpec recordedSpec, AppSpec targetSpec,
            AppSpec stableSpec, Observed observed, String deletionRefused, Instant now) {
        this(app, desired, recorded, recordedSpec, targetSpec, stableSpec, observed, deletionRefused, now, null,
                SnapshotRequests.none());
    }
}
