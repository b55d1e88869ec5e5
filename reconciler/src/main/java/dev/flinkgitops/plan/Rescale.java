package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.RescaleView;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Rescaling without a restart where Flink can: a change of {@code job.parallelism} alone, on a cluster that runs
 * the adaptive scheduler on Flink 1.18 or newer, of a job with a completed checkpoint (the adaptive scheduler restarts
 * the rescaled job's tasks from its latest one; a stateless app needs none), is asked of the running job
 * ({@code PUT /jobs/:id/resource-requirements}) instead of a savepoint upgrade. The intent (a RESCALE operation at
 * step RESCALING) is recorded first; then the request; then the wait until every vertex runs at the new
 * parallelism. A refusal, or a wait longer than {@link #TIMEOUT}, turns the operation into the savepoint upgrade
 * of any other change, and the status says why. The job id does not change.
 */
public final class Rescale {

    /** How long the job may take to run at the new parallelism before the savepoint upgrade is made instead. */
    public static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final String PARALLELISM = "spec.job.parallelism";
    /** How the reason of a savepoint upgrade made instead of a rescale in place begins (logged at WARN). */
    public static final String FAILED = "in-place rescale failed: ";

    private Rescale() {}

    /** True when {@code job.parallelism} is the only field of the change that touches the job. */
    public static boolean parallelismOnly(ChangeTable.Change change) {
        return change.consequence() == Consequence.SCALE && change.fields().stream()
                .filter(f -> f.consequence() != Consequence.IGNORE).allMatch(f -> f.path().equals(PARALLELISM));
    }

    /**
     * Why a parallelism-only change of {@code spec}'s running job is not made in place, or empty when it is: on
     * Kubernetes the app's own cluster is sized by its parallelism; elsewhere the cluster must say it runs the
     * adaptive scheduler on Flink 1.18+.
     */
    public static Optional<String> whyNot(PlanInput in, AppSpec spec, PlannerSettings settings) {
        if (settings.onKubernetes(spec)) {
            return Optional.of("the job's own Kubernetes cluster is sized by its parallelism");
        }
        if (spec.job().parallelism() == null) {
            return Optional.of("the new spec sets no job.parallelism (the cluster's default applies to a new job)");
        }
        JobRecord job = in.recorded() == null ? null : in.recorded().job();
        Optional<RescaleView> view = job == null ? Optional.empty() : in.observed().rescale(job.id());
        return view.isEmpty() ? Optional.of("the cluster's scheduler was not read")
                : view.get().whyNot(spec.job().upgradeMode().stateful());
    }

    /** The write-ahead record of a rescale of the running job to {@code spec}'s parallelism. */
    static Plan begin(PlanInput in, AppSpec spec, String commit, Object from) {
        JobRecord job = in.recorded().job();
        OperationRecord operation = new OperationRecord(OperationType.RESCALE, OperationStep.RESCALING, commit, spec.hash(),
                spec.job().upgradeMode(), null, job.id(), null, in.now().toString());
        return Plan.record(in.app(), in.recorded().withOperation(operation).withPhase(operation.phase(),
                "rescale to " + Planner.shortCommit(commit) + ": " + inPlace(from, spec.job().parallelism())
                        + " (job " + job.id() + ")"));
    }

    /** How {@code plan} and the status name the in-place path. */
    public static String inPlace(Object from, Object to) {
        return "rescale in place (adaptive scheduler): parallelism " + (from == null ? "the cluster's default" : from) + " → "
                + to + ", no restart";
    }

    /**
     * RESCALING: ask, wait, or finish; a job that ended meanwhile ends the operation (it is started again as any
     * job found down); a wait past {@link #TIMEOUT} becomes a savepoint upgrade. Over 40 lines: one case each.
     */
    static Decision rescaling(PlanInput in, OperationRecord operation, JobRecord job) {
        AppStatus recorded = in.recorded();
        AppSpec target = in.targetSpec() != null ? in.targetSpec()
                : in.desired().isValid() && in.desired().spec().hash().equals(operation.targetHash()) ? in.desired().spec() : null;
        Optional<JobSummary> live = in.observed().job(job.cluster(), job.id());
        if (target == null || target.job().parallelism() == null || live.isEmpty() || live.get().state().terminal()) {
            String why = target == null || target.job().parallelism() == null ? "its target spec cannot be read"
                    : "job " + job.id() + " is "
                    + live.map(j -> j.state().name()).orElse("gone");
            return new Decision.Done(Plan.record(in.app(), recorded.withOperation(null).withPhase(Phase.RUNNING,
                    "rescale abandoned: " + why)));
        }
        int parallelism = target.job().parallelism();
        Duration waited = Duration.between(Instant.parse(operation.startedAt()), in.now());
        String took = Transitions.waited(operation, in.now());
        Optional<RescaleView> view = in.observed().rescale(job.id());
        if (view.isPresent() && view.get().runsAt(parallelism)) {
            return new Decision.Done(Plan.record(in.app(), recorded.withSpec(target.file(), operation.targetCommit(),
                    operation.targetHash()).withJob(job.withParallelism(parallelism)).withOperation(null).withError(null)
                    .withStable(operation.targetCommit(), operation.targetHash())
                    .withPhase(Phase.RUNNING, "rescaled in place to parallelism " + parallelism + " in " + took
                            + ": job " + job.id() + " kept running (no restart, no savepoint)")));
        }
        if (waited.compareTo(TIMEOUT) > 0) {
            return fallback(in, target, operation, "job " + job.id() + " did not run at parallelism " + parallelism
                    + " within " + TIMEOUT.toSeconds() + " s (it runs at "
                    + view.map(RescaleView::runningText).orElse("an unread parallelism") + ")");
        }
        if (view.isEmpty()) {
            return new Decision.Done(Plan.Nothing.waiting(in.app(), "rescale of job " + job.id()
                    + ": the cluster's scheduler and the job's parallelism were not read (" + took + ")"));
        }
        Optional<String> whyNot = view.get().whyNot(target.job().upgradeMode().stateful());
        if (whyNot.isPresent()) {
            return fallback(in, target, operation, whyNot.get());
        }
        if (!view.get().requires(parallelism)) {
            return new Decision.Rescale(in, view.get().upperBounds().keySet(), parallelism,
                    stop(in, target, operation, "Flink refused the in-place rescale"),
                    "asking job " + job.id() + " to run at parallelism " + parallelism + " without a restart");
        }
        return new Decision.Done(Plan.Nothing.waiting(in.app(), "waiting for job " + job.id() + " to run at parallelism "
                + parallelism + " (runs at " + view.get().runningText() + ", " + took + ")"));
    }

    private static Decision fallback(PlanInput in, AppSpec target, OperationRecord operation, String why) {
        return stop(in, target, operation, FAILED + why);
    }

    /** The savepoint upgrade of the same change, instead (a stateful mode stops with a savepoint, never a checkpoint). */
    private static Decision.Stop stop(PlanInput in, AppSpec target, OperationRecord operation, String why) {
        UpgradeMode mode = target.job().upgradeMode().stateful() ? UpgradeMode.SAVEPOINT : UpgradeMode.STATELESS;
        return new Decision.Stop(in, target, operation.targetCommit(), mode, OperationType.UPGRADE,
                why + "; savepoint upgrade instead");
    }
}
