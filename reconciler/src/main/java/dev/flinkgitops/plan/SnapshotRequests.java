package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.SnapshotSpec;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the repository's head says about one app's snapshots.
 *
 * @param wanted the valid FlinkStateSnapshots at head whose jobReference names the app
 * @param files every spec file at head, valid or not: a snapshot whose file is still there (even
 *     invalid) was not removed
 * @param restorePoints every path some app restores from or will (its latest savepoint, the savepoint
 *     its job restored from, its {@code initialSavepointPath}), to the app: never disposed
 */
public record SnapshotRequests(List<SnapshotSpec> wanted, Set<String> files, Map<String, AppId> restorePoints) {

    public SnapshotRequests {
        wanted = List.copyOf(wanted);
        files = Set.copyOf(files);
        restorePoints = Map.copyOf(restorePoints);
    }

    /** No snapshot files (planner tests, and the inputs of older callers). */
    public static SnapshotRequests none() {
        return new SnapshotRequests(List.of(), Set.of(), Map.of());
    }

    /** The snapshot of {@code name} ({@code <namespace>/<name>}) that is wanted, or null. */
    SnapshotSpec wanted(String name) {
        return wanted.stream().filter(s -> s.id().toString().equals(name)).findFirst().orElse(null);
    }
}
