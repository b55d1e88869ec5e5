package dev.flinkgitops.pages;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An app's lineage, built from the versions of its status file: one {@link Version} per job the daemon
 * ran for it (or per spec commit while no job ran), newest first, each with the savepoint it restored
 * from, the savepoints taken while it ran and what happened to it. Pure.
 */
public final class Lineage {

    /** One version of the status file: the status commit that wrote it and what it said ({@link AppStatus#redacted() redacted}). */
    public record StatusVersion(Commit commit, AppStatus status) {}

    /**
     * Something that happened to a version: a phase change with its message, an error, a rollback, a
     * readiness result or a state regression.
     *
     * @param kind {@code ready}, {@code not ready}, {@code rollback}, {@code error}, {@code state regression} or {@code phase}
     */
    public record Event(Instant time, String kind, Phase phase, String text) {}

    /**
     * One job of the app, or one spec commit while no job ran.
     *
     * @param jobId the Flink job id, or null
     * @param specCommit the spec commit it ran
     * @param commit that commit as the spec repository tells it, or null when the mirror does not have it
     * @param restoredFrom the savepoint the job started from, or null for empty state
     * @param savepoints the savepoints taken of this job, newest first
     * @param events what happened, newest first
     */
    public record Version(String jobId, String cluster, String specCommit, Commit commit, String state, String startedAt,
            String restoredFrom, List<SavepointRecord> savepoints, List<Event> events) {}

    private Lineage() {}

    /**
     * The lineage of {@code history} (newest first, as {@code git log} gives it).
     *
     * @param commits the spec commit of a sha, or null when unknown
     */
    public static List<Version> of(List<StatusVersion> history, Function<String, Commit> commits) {
        Map<String, Builder> byKey = new LinkedHashMap<>();
        Set<String> seenSavepoints = new HashSet<>();
        AppStatus previous = null;
        for (int i = history.size() - 1; i >= 0; i--) {
            StatusVersion version = history.get(i);
            AppStatus status = version.status();
            Builder current = byKey.computeIfAbsent(key(status), k -> new Builder(status));
            current.update(status);
            Instant time = version.commit().time();
            if (previous == null || previous.phase() != status.phase() || !Objects.equals(previous.message(), status.message())) {
                current.events.add(new Event(time, kind(status), status.phase(), status.message()));
            }
            ErrorRecord error = status.lastError();
            if (error != null && (previous == null || previous.lastError() == null
                    || !Objects.equals(previous.lastError().message(), error.message()))) {
                current.events.add(new Event(time, "error", status.phase(), error.message()));
            }
            List<SavepointRecord> savepoints = new ArrayList<>(status.savepoints());
            if (status.lastSavepoint() != null) {
                savepoints.add(status.lastSavepoint());
            }
            for (SavepointRecord savepoint : savepoints) {
                if (savepoint.path() != null && seenSavepoints.add(savepoint.path())) {
                    Builder owner = savepoint.jobId() != null && byKey.containsKey(savepoint.jobId()) ? byKey.get(savepoint.jobId()) : current;
                    owner.savepoints.add(savepoint);
                }
            }
            previous = status;
        }
        List<Version> lineage = new ArrayList<>();
        byKey.values().forEach(builder -> lineage.add(0, builder.build(commits)));
        return lineage;
    }

    private static String key(AppStatus status) {
        return status.job() != null && status.job().id() != null ? status.job().id() : "no job at " + status.specCommit();
    }

    /** What a status change says about the job. */
    static String kind(AppStatus status) {
        String message = status.message() == null ? "" : status.message();
        if (message.contains("state regression")) {
            return "state regression";
        }
        if (status.phase() == Phase.ROLLING_BACK || status.phase() == Phase.ROLLED_BACK) {
            return "rollback";
        }
        if (message.startsWith("not ready")) {
            return "not ready";
        }
        if (status.phase() == Phase.RUNNING && message.matches("job \\S+ is RUNNING.*")) {
            return "ready";
        }
        return "phase";
    }

    private static final class Builder {
        private AppStatus latest;
        private final List<SavepointRecord> savepoints = new ArrayList<>();
        private final List<Event> events = new ArrayList<>();

        Builder(AppStatus first) {
            this.latest = first;
        }

        void update(AppStatus status) {
            latest = status;
        }

        Version build(Function<String, Commit> commits) {
            List<SavepointRecord> newestFirst = new ArrayList<>(savepoints);
            newestFirst.sort(java.util.Comparator.comparing((SavepointRecord s) -> s.time() == null ? "" : s.time()).reversed());
            List<Event> events = new ArrayList<>(this.events);
            java.util.Collections.reverse(events);
            var job = latest.job();
            return new Version(job == null ? null : job.id(), job == null ? null : job.cluster(), latest.specCommit(),
                    latest.specCommit() == null ? null : commits.apply(latest.specCommit()), job == null ? null : job.state(),
                    job == null ? null : job.startedAt(), job == null ? null : job.restoredFrom(), newestFirst, events);
        }
    }
}
