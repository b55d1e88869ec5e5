package dev.flinkgitops.plan;

import dev.flinkgitops.flink.CheckpointInfo;
import dev.flinkgitops.spec.AppSpec;
import dev.flinkgitops.spec.OperatorSettings;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code upgradeMode: last-state}: restore from the job's latest completed checkpoint instead of
 * taking a savepoint, when that checkpoint survives a cancel (the daemon runs last-state jobs with
 * {@code RETAIN_ON_CANCELLATION}) and is younger than
 * {@code kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age}. Otherwise a
 * savepoint is taken. Never stateless.
 */
final class LastState {

    static final String RETENTION_KEY = "execution.checkpointing.externalized-checkpoint-retention";
    static final String RETAIN_ON_CANCELLATION = "RETAIN_ON_CANCELLATION";

    private LastState() {}

    /** Why the running job's checkpoints cannot carry the upgrade, or empty when they can. */
    static Optional<String> unusable(PlanInput in, JobRecord job, AppSpec spec) {
        Optional<CheckpointInfo> checkpoints = in.observed().checkpoints(job.id());
        if (checkpoints.isEmpty()) {
            return Optional.of("the job's checkpoints could not be read");
        }
        CheckpointInfo info = checkpoints.get();
        if (!info.retainedOnCancellation()) {
            return Optional.of("its checkpoints are not retained on cancellation");
        }
        if (info.latestPath() == null) {
            return Optional.of("it has no completed checkpoint");
        }
        return tooOld(in.now(), info, spec.operatorSettings());
    }

    private static Optional<String> tooOld(Instant now, CheckpointInfo info, OperatorSettings settings) {
        Duration maxAge = settings.lastStateMaxCheckpointAge();
        if (maxAge == null || info.latestTimeMillis() < 0) {
            return maxAge == null ? Optional.empty() : Optional.of("the latest checkpoint's time is unknown");
        }
        Duration age = Duration.between(Instant.ofEpochMilli(info.latestTimeMillis()), now);
        return age.compareTo(maxAge) > 0
                ? Optional.of("its latest checkpoint is " + age.toSeconds() + " s old (max " + maxAge.toSeconds() + " s)")
                : Optional.empty();
    }

    /** After the cancel: the final retained checkpoint becomes the restore point (recorded before the start). */
    static Plan afterCancel(PlanInput in, OperationRecord operation, JobRecord job, String state) {
        Optional<CheckpointInfo> checkpoints = in.observed().checkpoints(job.id());
        if (checkpoints.isEmpty()) {
            return Plan.Nothing.waiting(in.app(), "reading the final checkpoint of job " + job.id());
        }
        String path = checkpoints.get().latestPath();
        if (path == null) {
            AppStatus stalled = in.recorded().withPhase(Phase.STALLED, "job " + job.id()
                    + " was cancelled for a last-state upgrade but Flink reports no completed checkpoint: "
                    + "set spec.job.initialSavepointPath to restore it");
            return stalled.equals(in.recorded()) ? Plan.Nothing.steady(in.app(), stalled.message())
                    : new Plan.Record(in.app(), stalled, stalled.message());
        }
        AppStatus next = in.recorded().withJob(job.withState(state))
                .withOperation(operation.atStep(OperationRecord.STARTING, path))
                .withPhase(operation.phase(), "job " + job.id() + " cancelled; its last checkpoint " + path
                        + " is recorded before the new job starts");
        return new Plan.Record(in.app(), next, next.message());
    }

    /**
     * For a restart of a dead last-state job: its latest retained checkpoint when that is newer
     * than the recorded savepoint and young enough, else null.
     */
    static String restartCheckpoint(PlanInput in, AppStatus base, AppSpec spec) {
        if (base.job() == null) {
            return null;
        }
        Optional<CheckpointInfo> checkpoints = in.observed().checkpoints(base.job().id());
        if (checkpoints.isEmpty() || checkpoints.get().latestPath() == null || !checkpoints.get().retainedOnCancellation()) {
            return null;
        }
        CheckpointInfo info = checkpoints.get();
        if (tooOld(in.now(), info, spec.operatorSettings()).isPresent()) {
            return null;
        }
        boolean newer = base.lastSavepoint() == null || base.lastSavepoint().time() == null
                || Instant.ofEpochMilli(info.latestTimeMillis()).isAfter(Instant.parse(base.lastSavepoint().time()));
        return newer ? info.latestPath() : null;
    }
}
