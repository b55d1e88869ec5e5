package dev.flinkgitops.daemon;

import dev.flinkgitops.apply.CrashPoints;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.StatusCodec;
import dev.flinkgitops.status.StatusFiles;
import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The record step, and what the daemon keeps from one tick to the next. {@link #current()} is
 * always what is durable on the status branch: a status that failed to push is not kept, so the
 * next tick plans from what a restarted daemon would read. The store also knows when the branch
 * must be read again (someone else moved it), and which savepoint triggers this process recorded
 * and has not sent to Flink yet.
 */
public final class StatusStore {

    private static final Logger log = LoggerFactory.getLogger(StatusStore.class);

    private final GitRepository repo;
    private final StatusBranch branch;
    private final StatusCodec codec;
    /** Replaced whole, never changed in place: the pages read it from the server's threads. */
    private volatile Map<AppId, AppStatus> current = new TreeMap<>();
    private boolean loaded;
    private ObjectId tip;
    /** Triggers this process recorded (durably) and has not sent to Flink yet; empty after a restart. */
    private final Set<String> notTriggered = ConcurrentHashMap.newKeySet();

    public StatusStore(GitRepository repo, StatusBranch branch, StatusCodec codec) {
        this.repo = repo;
        this.branch = branch;
        this.codec = codec;
    }

    /** Reads the branch again when it was never read or someone else moved it since (after a fetch). */
    public void refresh() {
        ObjectId now = repo.tip(branch.branch()).orElse(null);
        if (!loaded || !Objects.equals(now, tip)) {
            load();
            tip = now;
            loaded = true;
        }
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

    /** The savepoint triggers recorded by this process and not sent to Flink yet (the observer must not ask about them). */
    public Set<String> notTriggered() {
        return Set.copyOf(notTriggered);
    }

    /** A trigger is being sent to Flink: from now on Flink may know it. */
    public void sending(String triggerId) {
        notTriggered.remove(triggerId);
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
                dev.flinkgitops.status.SnapshotFiles.changed(current.get(id), status)
                        .forEach((path, record) -> changes.put(path, codec.writeSnapshot(id.toString(), record)));
            }
        });
        if (changes.isEmpty()) {
            return StatusBranch.WriteResult.unchanged();
        }
        StatusBranch.WriteResult result = branch.write(changes, CommitMessage.of(changed, plans, specCommit));
        if (result.outcome() == StatusBranch.WriteResult.Outcome.PUSHED) {
            tip = repo.tip(branch.branch()).orElse(null);
            trackTriggers(next);
        }
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

    /** Adds the triggers {@code next} records anew (nobody can have sent them yet); forgets those no status holds any more. */
    private void trackTriggers(Map<AppId, AppStatus> next) {
        next.forEach((id, status) -> newTrigger(status, current.get(id)).ifPresent(notTriggered::add));
        Set<String> held = new HashSet<>();
        next.values().forEach(status -> {
            if (status != null && status.operation() != null && status.operation().triggerId() != null) {
                held.add(status.operation().triggerId());
            }
        });
        notTriggered.retainAll(held);
    }

    private static Optional<String> newTrigger(AppStatus next, AppStatus before) {
        String trigger = next == null || next.operation() == null ? null : next.operation().triggerId();
        String previous = before == null || before.operation() == null ? null : before.operation().triggerId();
        return trigger == null || trigger.equals(previous) ? Optional.empty() : Optional.of(trigger);
    }

    private static void crashPoint(AppStatus status) {
        CrashPoints.reach("after-push:" + status.phase());
        if (status.operation() != null) {
            CrashPoints.reach("after-push:" + status.phase() + ":" + status.operation().step());
        }
    }

}
