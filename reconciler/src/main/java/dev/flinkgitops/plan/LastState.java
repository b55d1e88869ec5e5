package dev.flinkgitops.plan;

import dev.flinkgitops.port.CheckpointInfo;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.OperatorSettings;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;

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

    /**
     * How long after a first read of the final checkpoint the daemon reads again before believing it:
     * Flink serves {@code /jobs/:id/checkpoints} from a cache kept for {@code web.refresh-interval}
     * (3 s by default), so a read right after the cancel can name a checkpoint already replaced and
     * deleted.
     */
    static final Duration CHECKPOINT_CACHE = Duration.ofMillis(3500);

    /**
     * After the cancel: the final retained checkpoint becomes the restore point, recorded (as the
     * newest entry of the savepoint history, so nothing older is ever preferred) before the start.
     * It is believed only when a read made past Flink's REST cache still names it and, where the
     * daemon can see the file system, its metadata exists.
     */
    static Plan afterCancel(PlanInput in, OperationRecord operation, JobRecord job, String state) {
        Optional<CheckpointInfo> checkpoints = in.observed().checkpoints(job.id());
        if (checkpoints.isEmpty()) {
            return Plan.Nothing.waiting(in.app(), "reading the final checkpoint of job " + job.id());
        }
        CheckpointInfo info = checkpoints.get();
        String path = info.latestPath();
        if (path == null) {
            AppStatus stalled = in.recorded().withPhase(Phase.STALLED, "job " + job.id()
                    + " was cancelled for a last-state upgrade but Flink reports no completed checkpoint: "
                    + "set spec.job.initialSavepointPath with a new spec.job.savepointRedeployNonce to restore it");
            return Plan.recordIfChanged(in.app(), in.recorded(), stalled);
        }
        if (Boolean.FALSE.equals(info.latestExists())) {
            return Plan.Nothing.waiting(in.app(), "Flink names checkpoint " + path + " of job " + job.id()
                    + ", which no longer exists (a cached answer): reading again");
        }
        if (!path.equals(operation.savepoint()) || operation.checkpointReadAt() == null) {
            AppStatus next = in.recorded().withJob(job.withState(state))
                    .withOperation(operation.withCheckpointCandidate(path, in.now().toString()))
                    .withPhase(operation.phase(), "job " + job.id() + " cancelled; its last checkpoint reads as " + path
                            + ": confirming it with a read past Flink's REST cache before it is recorded");
            return Plan.record(in.app(), next);
        }
        if (in.now().isBefore(Instant.parse(operation.checkpointReadAt()).plus(CHECKPOINT_CACHE))) {
            return Plan.Nothing.waiting(in.app(), "confirming checkpoint " + path + " of job " + job.id()
                    + " (read again once Flink's REST cache has expired)");
        }
        if (RestoreMissing.confirmedAgain(in.recorded(), path)) {
            AppStatus stalled = in.recorded().withPhase(Phase.STALLED, in.recorded().lastError().message());
            return Plan.recordIfChanged(in.app(), in.recorded(), stalled);
        }
        String time = info.latestTimeMillis() < 0 ? in.now().toString() : Instant.ofEpochMilli(info.latestTimeMillis()).toString();
        AppStatus next = in.recorded().withJob(job.withState(state))
                .withSavepoint(new SavepointRecord(path, null, "last-state checkpoint", job.id(), in.recorded().specCommit(), time))
                .withOperation(operation.atStep(OperationStep.STARTING, path))
                .withPhase(operation.phase(), "job " + job.id() + " cancelled; its last checkpoint " + path
                        + " is recorded before the new job starts");
        return Plan.record(in.app(), next);
    }

    /**
     * Before a dead last-state job is restarted: a message when the checkpoint the restart would use
     * (see {@link #restartCheckpoint}) is named by Flink but its metadata no longer exists (a cached
     * answer), so that the restart waits for a fresh read instead of falling back to an older point.
     * A checkpoint the restart would not use anyway (older than the recorded savepoint, say after an
     * upgrade that took a savepoint) is no reason to wait.
     */
    static Optional<String> staleCheckpoint(PlanInput in, AppStatus base, AppSpec spec) {
        return usableCheckpoint(in, base, spec).filter(info -> Boolean.FALSE.equals(info.latestExists()))
                .map(info -> "Flink names checkpoint " + info.latestPath() + " of job " + base.job().id()
                        + ", which no longer exists (a cached answer): reading again before the restart");
    }

    /**
     * For a restart of a dead last-state job: its latest retained checkpoint when that is newer
     * than the recorded savepoint, young enough, and not known to be gone; else null.
     */
    static String restartCheckpoint(PlanInput in, AppStatus base, AppSpec spec) {
        return usableCheckpoint(in, base, spec).filter(info -> !Boolean.FALSE.equals(info.latestExists()))
                .map(CheckpointInfo::latestPath).orElse(null);
    }

    /** The dead job's latest checkpoint when it is retained, young enough and newer than the recorded savepoint. */
    private static Optional<CheckpointInfo> usableCheckpoint(PlanInput in, AppStatus base, AppSpec spec) {
        if (base.job() == null) {
            return Optional.empty();
        }
        Optional<CheckpointInfo> checkpoints = in.observed().checkpoints(base.job().id());
        if (checkpoints.isEmpty() || checkpoints.get().latestPath() == null || !checkpoints.get().retainedOnCancellation()) {
            return Optional.empty();
        }
        CheckpointInfo info = checkpoints.get();
        if (tooOld(in.now(), info, spec.operatorSettings()).isPresent()) {
            return Optional.empty();
        }
        boolean newer = base.lastSavepoint() == null || base.lastSavepoint().time() == null
                || Instant.ofEpochMilli(info.latestTimeMillis()).isAfter(Instant.parse(base.lastSavepoint().time()));
        return newer ? Optional.of(info) : Optional.empty();
    }
}
