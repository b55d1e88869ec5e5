package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;

import java.util.Map;
import java.util.TreeMap;

/**
 * Every path some app restores from or will: its latest savepoint, the one its job restored from,
 * and its spec's {@code initialSavepointPath}. Removing a FlinkStateSnapshot never disposes one of them.
 */
public final class RestorePointIndex {

    private RestorePointIndex() {}

    public static Map<String, AppId> of(Map<AppId, Desired> desired, Map<AppId, AppStatus> recorded) {
        Map<String, AppId> paths = new TreeMap<>();
        recorded.forEach((id, status) -> {
            if (status.lastSavepoint() != null && status.lastSavepoint().path() != null) {
                paths.putIfAbsent(status.lastSavepoint().path(), id);
            }
            if (status.job() != null && status.job().restoredFrom() != null) {
                paths.putIfAbsent(status.job().restoredFrom(), id);
            }
        });
        desired.forEach((id, wanted) -> {
            if (wanted.isValid() && wanted.spec().hasJob() && wanted.spec().job().initialSavepointPath() != null) {
                paths.putIfAbsent(wanted.spec().job().initialSavepointPath(), id);
            }
        });
        return paths;
    }
}
