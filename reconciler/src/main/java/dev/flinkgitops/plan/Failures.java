package dev.flinkgitops.plan;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.Outcome;
import dev.flinkgitops.status.Phase;

import java.time.Instant;

/**
 * A failed step of one spec: BLOCKED and retried with backoff, or, after
 * {@link PlannerSettings#maxAttempts()} failures of the same spec, STALLED until a newer commit
 * (a commit that keeps failing is not retried forever).
 */
public final class Failures {

    private Failures() {}

    public static AppStatus record(AppStatus base, String message, String commit, String hash, Instant now,
            PlannerSettings settings) {
        ErrorRecord previous = base.lastError();
        int attempts = previous != null && hash != null && hash.equals(previous.specHash()) ? previous.attempts() + 1 : 1;
        if (attempts >= settings.maxAttempts()) {
            String gaveUp = "gave up after " + attempts + " attempts (a newer commit tries again): " + message;
            return base.withPhase(Phase.STALLED, gaveUp)
                    .withError(new ErrorRecord(gaveUp, commit, hash, attempts, now.toString(), null));
        }
        Instant retry = now.plus(settings.retryDelay(attempts));
        return base.withPhase(Phase.BLOCKED, message)
                .withError(new ErrorRecord(message, commit, hash, attempts, now.toString(), retry.toString()));
    }

    /** The first retry of an urgent start: its predecessor is stopped, so the app runs no job. */
    public static final java.time.Duration URGENT_FIRST_RETRY = java.time.Duration.ofSeconds(1);
    /** The longest wait between urgent retries. */
    public static final java.time.Duration URGENT_MAX_RETRY = java.time.Duration.ofSeconds(30);

    /**
     * A failed start of a job whose predecessor is stopped (an upgrade's successor, a restart): the
     * app runs no job, so it is retried soon (1 s, doubling to 30 s) and never given up on; BLOCKED
     * with the error meanwhile.
     */
    public static AppStatus recordUrgent(AppStatus base, String message, String commit, String hash, Instant now) {
        ErrorRecord previous = base.lastError();
        int attempts = previous != null && hash != null && hash.equals(previous.specHash()) ? previous.attempts() + 1 : 1;
        java.time.Duration delay = URGENT_FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 5));
        delay = delay.compareTo(URGENT_MAX_RETRY) > 0 ? URGENT_MAX_RETRY : delay;
        String blocked = message + " (the app runs no job: retrying in " + delay.toSeconds() + " s, attempt " + attempts + ")";
        return base.withPhase(Phase.BLOCKED, blocked)
                .withError(new ErrorRecord(blocked, commit, hash, attempts, now.toString(), now.plus(delay).toString()));
    }

    /** How the error of an app whose restore point does not exist begins. */
    public static final String RESTORE_MISSING = Outcome.RESTORE_MISSING;

    /**
     * Flink cannot find the restore point the job was to start from. Nothing older is tried on its
     * own: the app is STALLED with the choice spelled out (the older recorded points), until a
     * person picks one with {@code initialSavepointPath} and a new {@code savepointRedeployNonce}
     * (a last-state upgrade first reads the old job's checkpoints again).
     */
    public static AppStatus restoreMissing(AppStatus base, String path, String flinkError, String commit, String hash,
            Instant now) {
        String missingTime = base.savepoints().stream().filter(point -> point.path().equals(path)).map(
                dev.flinkgitops.status.SavepointRecord::time).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        java.util.List<String> older = base.savepoints().stream().filter(point -> !point.path().equals(path)).limit(3)
                .map(point -> point.path() + " (" + point.reason() + ", " + point.time() + age(point.time(), missingTime) + ")")
                .toList();
        String message = RESTORE_MISSING + path + " does not exist, so no job was started (never silently from older state). "
                + (older.isEmpty() ? "No older restore point is recorded." : "Older recorded points: " + String.join("; ", older) + ".")
                + " To go on from another point, set spec.job.initialSavepointPath to it with a new spec.job.savepointRedeployNonce."
                + " Flink said: " + flinkError;
        return base.withPhase(Phase.STALLED, message).withError(new ErrorRecord(message, commit, hash, 1, now.toString(), null));
    }

    /** ", N s older" when both times are known. */
    private static String age(String time, String than) {
        if (time == null || than == null) {
            return "";
        }
        return ", " + java.time.Duration.between(Instant.parse(time), Instant.parse(than)).toSeconds() + " s older";
    }

    /** True when the app is STALLED because its restore point does not exist. */
    public static boolean stalledOnMissingRestorePoint(AppStatus recorded) {
        return recorded != null && recorded.outcome() instanceof Outcome.Stalled stalled
                && stalled.cause() == Outcome.Cause.RESTORE_MISSING;
    }

    /** True when the spec with this hash has failed too often: nothing is tried until a newer commit. */
    public static boolean gaveUp(AppStatus recorded, String hash) {
        return recorded != null && recorded.outcome() instanceof Outcome.Stalled stalled
                && stalled.cause() == Outcome.Cause.GAVE_UP && hash.equals(stalled.specHash());
    }
}
