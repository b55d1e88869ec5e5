package dev.flinkgitops.status;

import java.time.Instant;

/**
 * How an app stands, as one typed value: {@link Stalled} (needs a person), {@link Failing} (a step
 * failed; attempt n, next try at t), {@link Waiting} (an operation or a new job is under way: look
 * again soon) or {@link Settled}. It is read from the fields the planner and the applier record it
 * in (phase and last error, written where the outcome happens: {@code plan.Failures} and the
 * stalls), here and nowhere else. It is not a field of its own in the status file: files written
 * before it existed carry the same facts, and a file reads and writes back byte for byte.
 */
public sealed interface Outcome {

    /** How the error of an app whose restore point does not exist begins. */
    String RESTORE_MISSING = "restore point missing: ";

    /** Why a person is needed. */
    enum Cause {
        /** Flink cannot find the restore point; a person chooses another. */
        RESTORE_MISSING,
        /** The spec failed too often; a newer commit tries again. */
        GAVE_UP,
        /** Anything else: an invalid spec, a refused guard, nothing safe to do. */
        OTHER
    }

    /** Needs a person; nothing is retried on its own. {@code specHash} is the spec it stalled on, or null. */
    record Stalled(Cause cause, String why, String specHash) implements Outcome {}

    /** A step of the spec with {@code specHash} failed; it is tried again at {@code nextTry} (attempt {@code attempt}). */
    record Failing(int attempt, Instant nextTry, String specHash, String why) implements Outcome {}

    /** An operation or a new job is under way: look again soon. */
    record Waiting(Phase phase) implements Outcome {}

    /** Nothing pending: running, suspended, deleted, finished. */
    record Settled(Phase phase) implements Outcome {}

    /** The outcome {@code status} records (the one place it is derived). */
    static Outcome of(AppStatus status) {
        ErrorRecord error = status.lastError();
        if (status.phase() == Phase.STALLED) {
            String hash = error == null ? null : error.specHash();
            if (error != null && error.message() != null && error.message().startsWith(RESTORE_MISSING)) {
                return new Stalled(Cause.RESTORE_MISSING, error.message(), hash);
            }
            if (error != null && error.retryAfter() == null && error.attempts() > 1) {
                return new Stalled(Cause.GAVE_UP, error.message(), hash);
            }
            return new Stalled(Cause.OTHER, status.message(), hash);
        }
        if (status.phase() == Phase.BLOCKED && error != null && error.retryAfter() != null) {
            return new Failing(error.attempts(), Instant.parse(error.retryAfter()), error.specHash(), error.message());
        }
        if (status.operation() != null || status.phase() == Phase.DEPLOYING || status.phase() == Phase.ROLLING_BACK) {
            return new Waiting(status.phase());
        }
        return new Settled(status.phase());
    }
}
