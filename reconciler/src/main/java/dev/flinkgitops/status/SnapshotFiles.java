package dev.flinkgitops.status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The status files of FlinkStateSnapshots, {@code snapshots/<namespace>/<name>.yaml}: each written
 * from its record in the app's status file, in the same commit, whenever that record changes. They
 * are for people ({@code git show status:snapshots/payments/daily.yaml}); the daemon reads the app's
 * file. Their paths never look like an app's ({@link StatusFiles#idOf} takes two segments).
 */
public final class SnapshotFiles {

    /** The folder of the snapshot status files on the status branch. */
    public static final String FOLDER = "snapshots";

    private SnapshotFiles() {}

    /** The snapshot files {@code after} changes against {@code before} (null: no file yet), by path. */
    public static Map<String, SnapshotRecord> changed(AppStatus before, AppStatus after) {
        Map<String, SnapshotRecord> files = new LinkedHashMap<>();
        if (after == null) {
            return files;
        }
        for (SnapshotRecord record : after.snapshots()) {
            if (record.name() == null) {
                continue;
            }
            SnapshotRecord earlier = before == null ? null : before.snapshot(record.name());
            if (!Objects.equals(earlier, record)) {
                files.put(path(record.name()), record);
            }
        }
        return files;
    }

    /** {@code snapshots/<namespace>/<name>.yaml} of a snapshot named {@code <namespace>/<name>}. */
    public static String path(String name) {
        return FOLDER + "/" + name + ".yaml";
    }
}
