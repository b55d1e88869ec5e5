package dev.flinkgitops.apply;

import dev.flinkgitops.plan.Failures;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.port.RestoreCompatibility;
import dev.flinkgitops.port.StateCompatibility;
import dev.flinkgitops.redact.Redact;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.OperationRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * The state-compatibility check before an upgrade's stop ({@link Guards#successorRestoresState}): the new
 * version's job graph against the running job's newest restore point. A successor that cannot restore
 * leaves the old job running and the app BLOCKED (retried with backoff like a failed savepoint, STALLED
 * after too many; a newer commit pre-empts); any other answer lets the stop go on and is written into the
 * status message: "state restores ...", "state dropped by allowNonRestoredState ...", or "state
 * compatibility not checked: why" (logged at WARN).
 */
final class StateGuard {

    private static final Logger log = LoggerFactory.getLogger(StateGuard.class);

    /** Whether to stop, and the status to go on with. */
    record Verdict(boolean stop, AppStatus status) {}

    private final StateCompatibility check;
    private final PlannerSettings settings;
    private final Clock clock;

    /** @param check null: no check (the stop goes on as before, the status unchanged) */
    StateGuard(StateCompatibility check, PlannerSettings settings, Clock clock) {
        this.check = check;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Before {@code plan} (a stop with savepoint, or a last-state upgrade's cancel) of {@code jobId}; nothing is
     * checked when another guard already refused the plan ({@code refused}: the applier reports that refusal).
     */
    Verdict beforeStop(Plan plan, String jobId, Plan.Successor successor, AppStatus recorded, boolean refused) {
        OperationRecord operation = recorded == null ? null : recorded.operation();
        if (check == null || successor == null || operation == null || refused) {
            return new Verdict(true, recorded);
        }
        long start = System.nanoTime();
        StateCompatibility.Job job = successor.job();
        java.util.Set<String> secrets = Redact.secretValues(job.args(), job.flinkConfiguration());
        RestoreCompatibility result = check.check(job, successor.restorePoint()).redacted(text -> Redact.text(text, secrets));
        long millis = (System.nanoTime() - start) / 1_000_000;
        Optional<String> refusal = Guards.successorRestoresState(jobId, result);
        if (refusal.isPresent()) {
            String message = Redact.text(Guards.STATE_REFUSED + ": " + refusal.get());
            log.error("{}: {} (checked in {} ms)", plan.app(), message, millis);
            return new Verdict(false, Failures.record(recorded.withOperation(null), message, operation.targetCommit(),
                    operation.targetHash(), clock.instant(), settings));
        }
        String headline = Redact.text(result.headline());
        if (result.checked()) {
            log.info("{}: {} ({} ms)", plan.app(), headline, millis);
        } else {
            log.warn("{}: {}; the upgrade goes on as without the check", plan.app(), headline);
        }
        return new Verdict(true, recorded.withPhase(recorded.phase(), plan.why() + "; " + headline));
    }
}
