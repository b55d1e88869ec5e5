package dev.flinkgitops.daemon;

import dev.flinkgitops.apply.CrashPoints;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.StatusCodec;
import dev.flinkgitops.status.StatusFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The record step, and the daemon's view of the status branch. {@link #current()} is always
 * what is durable on the branch: a status that failed to push is not kept, so the next tick
 * plans from what a restarted daemon would read.
 */
public final class StatusStore {

    private static final Logger log = LoggerFactory.getLogger(StatusStore.class);

    private final StatusBranch branch;
    private final StatusCodec codec;
    private Map<AppId, AppStatus> current = new TreeMap<>();

    public StatusStore(StatusBranch branch, StatusCodec codec) {
        this.branch = branch;
        this.codec = codec;
    }

    /**
     * Reads every app's file from the fetched status branch (after a fetch). Other files (notes
     * another writer keeps there) are left alone: a file is an app's status only when its
     * {@code app} field names the app its path does.
     */
    public Map<AppId, AppStatus> load() {
        current = new TreeMap<>(StatusFiles.decode(branch.readAll(), codec,
                (path, problem) -> log.warn("status file {} is unreadable and is ignored: {}", path, problem)));
        return current();
    }

    public Map<AppId, AppStatus> current() {
        return Collections.unmodifiableMap(current);
    }

    /**
     * Writes every status that differs from the current one in one commit.
     *
     * @return the write's outcome
     */
    public StatusBranch.WriteResult record(Map<AppId, AppStatus> next, Map<AppId, Plan> plans, String specCommit) {
        Map<String, byte[]> changes = new TreeMap<>();
        Map<AppId, AppStatus> changed = new LinkedHashMap<>();
        next.forEach((id, status) -> {
            if (status != null && !status.equals(current.get(id))) {
                changes.put(id.statusPath(), codec.write(status));
                changed.put(id, status);
            }
        });
        if (changes.isEmpty()) {
            return StatusBranch.WriteResult.unchanged();
        }
        StatusBranch.WriteResult result = branch.write(changes, CommitMessage.of(changed, plans, specCommit));
        if (result.durable()) {
            Map<AppId, AppStatus> merged = new TreeMap<>(current);
            merged.putAll(changed);
            current = merged;
            changed.values().forEach(StatusStore::crashPoint);
        } else {
            log.error("status not recorded ({}): no further step is taken until it is", result.reason());
        }
        return result;
    }

    private static void crashPoint(AppStatus status) {
        CrashPoints.reach("after-push:" + status.phase());
        if (status.operation() != null) {
            CrashPoints.reach("after-push:" + status.phase() + ":" + status.operation().step());
        }
    }

}
