package dev.flinkgitops.plan;

import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.Phase;

/** Bookkeeping of an app with nothing to change: its recorded state follows what is observed. */
final class SteadyState {

    private SteadyState() {}

    /** Marks a suspended app that has no running job. */
    static Plan settleSuspended(PlanInput in, AppSpec spec) {
        AppStatus base = in.recorded() != null ? in.recorded() : AppStatus.empty(in.app().toString(), spec.file());
        AppStatus next = base.withSpec(spec.file(), in.desired().commit(), spec.hash())
                .withPhase(Phase.SUSPENDED, base.job() == null ? "not started: job.state is suspended" : base.message());
        return Plan.recordIfChanged(in.app(), in.recorded(), next, "suspended");
    }

    /** Records the live state of a job that runs the applied spec. */
    static Plan observeRunning(PlanInput in, JobSummary live) {
        AppStatus recorded = in.recorded();
        JobRecord job = recorded.job().withState(live.state().name());
        boolean rolledBack = recorded.phase() == Phase.ROLLED_BACK;
        Phase phase = live.state() == JobState.RUNNING && !rolledBack ? Phase.RUNNING : recorded.phase();
        String message = phase == recorded.phase() && job.equals(recorded.job()) ? recorded.message()
                : "job " + job.id() + " is " + live.state();
        AppStatus next = recorded.withJob(job).withPhase(phase, message)
                .withError(phase == Phase.RUNNING ? null : recorded.lastError());
        return Plan.recordIfChanged(in.app(), recorded, next, "in sync");
    }
}
