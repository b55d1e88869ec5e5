package dev.flinkgitops.plan;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
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

    /** True when the spec with this hash has failed too often: nothing is tried until a newer commit. */
    public static boolean gaveUp(AppStatus recorded, String hash) {
        return recorded != null && recorded.phase() == Phase.STALLED && recorded.lastError() != null
                && recorded.lastError().retryAfter() == null && hash.equals(recorded.lastError().specHash())
                && recorded.lastError().attempts() > 1;
    }
}
