package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;

/**
 * What a rule (readiness, redeploy, restore-missing, Kubernetes drift, deletion) decided. The rules
 * never start or stop a job themselves: they say so, and {@link Transitions#resolve} makes the step.
 * That keeps the calls one way, from the table to the rules.
 */
sealed interface Decision {

    /** The plan is decided. */
    record Done(Plan plan) implements Decision {}

    /**
     * Start the job of {@code spec} at {@code commit} (see {@link JobStart#start}).
     *
     * @param restoreOverride where to restore from instead of the recorded savepoint, or null
     * @param phase the phase while the new job is not ready yet
     * @param error the error to keep (a rollback's reason), or null
     */
    record Start(PlanInput in, AppSpec spec, String commit, String reason, String restoreOverride, Phase phase,
            ErrorRecord error) implements Decision {}

    /** Record the intent to stop the running job in {@code mode} for {@code target} (see {@link Transitions#beginStop}). */
    record Stop(PlanInput in, AppSpec spec, String target, UpgradeMode mode, OperationType type, String reason)
            implements Decision {}

    /**
     * Ask Flink to run the job at {@code parallelism} in place; if Flink refuses, record {@code fallback} instead
     * (see {@link Transitions#resolve}).
     */
    record Rescale(PlanInput in, java.util.Set<String> vertices, int parallelism, Stop fallback, String why)
            implements Decision {}
}
