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
        Integer restarts = jobManagerRestarts(in, job);
        // Tracked where restarts are (without HA): Flink's start time of the job, a second signal of a restart.
        Long startTime = restarts == null ? null : live.startTimeMillis() > 0 ? Long.valueOf(live.startTimeMillis())
                : job.flinkStartTime();
        job = job.withJobManagerRestarts(restarts).withFlinkStartTime(startTime);
        boolean rolledBack = recorded.phase() == Phase.ROLLED_BACK;
        Phase phase = live.state() == JobState.RUNNING && !rolledBack ? Phase.RUNNING : recorded.phase();
        String message = phase == recorded.phase() && job.equals(recorded.job()) ? recorded.message()
                : "job " + job.id() + " is " + live.state();
        Integer before = recorded.job().jobManagerRestarts();
        Long startedBefore = recorded.job().flinkStartTime();
        boolean counted = restarts != null && before != null && restarts > before;
        if (counted || startTime != null && startedBefore != null && startTime > startedBefore) {
            // Without HA the restarted JobManager ran the job again from the savepoint in its arguments.
            String how = counted ? "restarted (" + (restarts - before) + " time(s), " + restarts + " in all)"
                    : "restarted (the job started again at " + java.time.Instant.ofEpochMilli(startTime) + ", first at "
                            + java.time.Instant.ofEpochMilli(startedBefore) + "; its pod was replaced)";
            String rewound = Plan.STATE_REWOUND + ": the JobManager of job " + job.id() + " " + how
                    + " without high availability, so the job"
                    + " started again from " + (job.restoredFrom() == null ? "empty state" : job.restoredFrom())
                    + " and every checkpoint since was lost; turn on Kubernetes HA (high-availability.type: kubernetes)";
            AppStatus next = recorded.withJob(job).withPhase(phase, rewound);
            return new Plan.Record(in.app(), next, rewound);
        }
        AppStatus next = recorded.withJob(job).withPhase(phase, message)
                .withError(phase == Phase.RUNNING ? null : recorded.lastError());
        return Plan.recordIfChanged(in.app(), recorded, next, "in sync");
    }

    /**
     * The JobManager's restart count for a job on its own Kubernetes cluster without HA, as last read
     * (the recorded one while the pods were not read); null where restarts do not rewind the job.
     */
    private static Integer jobManagerRestarts(PlanInput in, JobRecord job) {
        AppSpec spec = in.desired().isValid() ? in.desired().spec() : in.recordedSpec();
        if (spec == null || !dev.flinkgitops.port.ClusterName.of(job.cluster()).isClusterOf(in.app())
                || !dev.flinkgitops.appspec.HighAvailability.optedOut(spec)) {
            return null;
        }
        return in.observed().health(in.app()).map(dev.flinkgitops.port.WorkloadHealth::jobManagerRestarts)
                .orElse(job.jobManagerRestarts());
    }
}
