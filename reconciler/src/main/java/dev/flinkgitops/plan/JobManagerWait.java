package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.port.KubeObject;
import dev.flinkgitops.port.WorkloadHealth;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * While an app's JobManager on Kubernetes is starting (its Deployment exists, its REST Service does
 * not answer or does not list the job yet) no new start is decided, since it would roll the pods
 * again. The wait says why the JobManager is not up (from the Deployments' and pods' status: image
 * pull, crash loop with the last termination reason, unschedulable, pending) and is bounded: for a
 * version being brought up (DEPLOYING, ROLLING_BACK) the readiness timeout ends it through the
 * not-ready path ({@link Readiness#jobManagerNotUp}), and a newer commit pre-empts it, started from
 * the same restore point (the version never became ready, so it has no newer state). A job that was
 * ready once keeps being waited on: it may hold state newer than any savepoint, which a start would drop.
 */
final class JobManagerWait {

    /** How long a new JobManager may take to list its job before the job counts as gone. */
    static final Duration JOBMANAGER_START = Duration.ofMinutes(3);

    private JobManagerWait() {}

    static Optional<Plan> check(JobStart jobs, PlanInput in, AppSpec spec, AppStatus recorded) {
        JobRecord job = recorded == null ? null : recorded.job();
        if (job == null || !KubeSteps.ownCluster(in.app(), job) || KubeSteps.component(in, KubeObject.JOBMANAGER).isEmpty()) {
            return Optional.empty();
        }
        boolean answering = in.observed().reachable(job.cluster());
        boolean listed = in.observed().job(job.cluster(), job.id()).isPresent();
        boolean young = job.startedAt() != null
                && in.now().isBefore(Instant.parse(job.startedAt()).plus(JOBMANAGER_START));
        if (answering && (listed || !young || !"SUBMITTED".equals(job.state()))) {
            return Optional.empty();
        }
        String why = answering ? "waiting for the JobManager of " + in.app() + " to list job " + job.id() : notUp(in);
        if (!Readiness.pending(recorded) || job.startedAt() == null) {
            boolean newer = !spec.hash().equals(recorded.specHash());
            return Optional.of(waiting(in, recorded, why + (newer ? " (commit " + Planner.shortCommit(in.desired().commit())
                    + " waits: job " + job.id() + " ran, and its state cannot be saved while its JobManager does not answer)" : ""),
                    ""));
        }
        if (!spec.hash().equals(recorded.specHash()) && !Readiness.rolledBackFrom(recorded, spec)) {
            return Optional.of(jobs.start(new Decision.Start(in, spec, in.desired().commit(), "commit "
                    + Planner.shortCommit(in.desired().commit()) + " pre-empts the version that is not up (" + why + ")",
                    job.restoredFrom(), Phase.DEPLOYING, null)));
        }
        Duration timeout = spec.operatorSettings().readinessTimeout();
        Duration waited = Duration.between(Instant.parse(job.startedAt()), in.now());
        if (waited.compareTo(timeout) >= 0) {
            return Optional.of(Readiness.jobManagerNotUp(in, spec, why + " after the readiness timeout of " + timeout.toSeconds() + " s"));
        }
        return Optional.of(waiting(in, recorded, why, ", " + waited.toSeconds() + " s of " + timeout.toSeconds() + " s"));
    }

    /**
     * Waits; a reason the kubelet or scheduler gave (image pull, crash loop, OOM-killed, unschedulable: not a pod
     * that is merely pending, as every start has one) goes into the status once, and again when it changes; the
     * seconds waited ({@code progress}) stay out of it, or the status would be written every tick.
     */
    private static Plan waiting(PlanInput in, AppStatus recorded, String why, String progress) {
        Optional<WorkloadHealth> health = in.observed().health(in.app());
        boolean telling = health.isPresent() && !health.get().jobManagerUp()
                && health.get().problem().compareTo(WorkloadHealth.Problem.PENDING) > 0;
        if (telling && !why.equals(recorded.message())) {
            return new Plan.Record(in.app(), recorded.withPhase(recorded.phase(), why), why + progress);
        }
        return Plan.Nothing.waiting(in.app(), why + progress);
    }

    /** {@code JobManager of ns/name not up: ImagePullBackOff (...), 0/1 ready}, or that its REST Service does not answer. */
    static String notUp(PlanInput in) {
        Optional<WorkloadHealth> health = in.observed().health(in.app());
        if (health.isEmpty() || health.get().jobManagerUp()) {
            return "waiting for the JobManager of " + in.app() + " to answer on its REST Service";
        }
        return "JobManager of " + in.app() + " not up: " + health.get().whyNotUp();
    }
}
