package dev.flinkgitops.plan;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.port.ClusterName;
import dev.flinkgitops.port.Drift;
import dev.flinkgitops.port.KubeObject;
import dev.flinkgitops.port.RenderRequest;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.DriftRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * FlinkDeployments on Kubernetes: each app is its own Flink cluster (ConfigMap, REST Service,
 * JobManager and TaskManager Deployments). The JobManager runs the job itself ({@code
 * standalone-job}) with the job id and restore path in its arguments, so starting a version is
 * applying its objects; stopping it is still stop-with-savepoint through the REST Service.
 */
final class KubeSteps {

    private KubeSteps() {}

    /** What to run on Kubernetes for the app: the JobManager starts job {@code jobId} from {@code restore}. */
    static RenderRequest request(PlannerSettings settings, AppId app, AppSpec spec, String jobId, String restore) {
        return new RenderRequest(spec, jobId, restore, settings.savepointDirectory(app, spec));
    }

    /** True when the job's cluster is the app's own (an application cluster on Kubernetes). */
    static boolean ownCluster(AppId app, JobRecord job) {
        return job != null && ClusterName.of(job.cluster()).isClusterOf(app);
    }

    /** A Kubernetes object of the app's, by its component label. */
    static Optional<KubeObject> component(PlanInput in, String component) {
        return in.observed().kube(in.app()).stream()
                .filter(object -> component.equals(object.component()))
                .findFirst();
    }

    /**
     * Objects edited or deleted outside the daemon: the ConfigMap, Service and TaskManagers are put
     * back at once; an edited JobManager is replaced through a savepoint (its restart would restore
     * the job from its original savepoint, losing what came after), at most once per {@code
     * driftReplaceInterval} (see {@link #replaceJobManager}).
     */
    static Optional<Decision> drift(PlannerSettings settings, PlanInput in, AppSpec spec) {
        AppStatus recorded = in.recorded();
        JobRecord job = recorded.job();
        RenderRequest request = request(settings, in.app(), spec, job.id(), job.restoredFrom());
        List<Drift> drifts = Drift.detect(settings.rendering().objects(request), in.observed().kube(in.app()));
        if (drifts.isEmpty()) {
            return Optional.empty();
        }
        String what = drifts.stream().map(d -> d.object() + " " + d.reason().name().toLowerCase()).collect(Collectors.joining(", "));
        boolean jobManagerGone = drifts.stream()
                .anyMatch(d -> d.name().endsWith("-jobmanager") && d.reason() == Drift.Reason.MISSING);
        if (jobManagerGone) {
            // Its pods are going: no savepoint can be counted on. Once the job has ended it is started
            // again from the last recorded savepoint, with all its objects.
            return Optional.of(new Decision.Done(Plan.Nothing.waiting(in.app(), "the JobManager Deployment was deleted outside the daemon: "
                    + "waiting for job " + job.id() + " to end, then restarting it from the last savepoint")));
        }
        boolean jobManager = drifts.stream().anyMatch(d -> d.name().endsWith("-jobmanager"));
        if (jobManager) {
            return Optional.of(replaceJobManager(settings, in, spec, what));
        }
        AppStatus next = recorded.withPhase(recorded.phase(), "drift healed: " + what);
        return Optional.of(new Decision.Done(new Plan.Deploy(in.app(), request, next, next.message())));
    }

    /**
     * The rate limit that keeps drift from restarting a job in a loop (an edit the daemon cannot
     * undo, a webhook that fights it): a replacement when none was made within {@code
     * driftReplaceInterval}, recorded on the status; otherwise held back, said in the status (and
     * counted by the daemon's metrics through {@link DriftRecord#heldBackAt}).
     */
    static Decision replaceJobManager(PlannerSettings settings, PlanInput in, AppSpec spec, String what) {
        AppStatus recorded = in.recorded();
        DriftRecord drift = recorded.drift();
        Instant last = drift == null || drift.replacedAt() == null ? null : Instant.parse(drift.replacedAt());
        Instant next = last == null ? null : last.plus(settings.driftReplaceInterval());
        if (next != null && in.now().isBefore(next)) {
            AppStatus held = recorded.withDrift(drift.heldBack(in.now().toString())).withPhase(recorded.phase(),
                    "JobManager edited outside the daemon: replacement held back until " + next + " (last replaced at "
                            + last + "; " + what + ")");
            return new Decision.Done(Plan.recordIfChanged(in.app(), recorded, held));
        }
        AppStatus replacing = recorded.withDrift(DriftRecord.replaced(in.now().toString()));
        PlanInput input = new PlanInput(in.app(), in.desired(), replacing, in.recordedSpec(), in.targetSpec(),
                in.stableSpec(), in.observed(), in.deletionRefused(), in.now(), in.finalSavepointsSince(), in.snapshots());
        return new Decision.Stop(input, spec, recorded.specCommit(), spec.job().upgradeMode(), OperationType.UPGRADE,
                "drift: " + what);
    }

    /** A session cluster (a FlinkDeployment without a job): its objects applied, drift healed. */
    static Plan sessionCluster(PlannerSettings settings, PlanInput in, AppSpec spec) {
        AppStatus base = in.recorded() != null ? in.recorded() : AppStatus.empty(in.app().toString(), spec.file());
        RenderRequest request = request(settings, in.app(), spec, null, null);
        List<KubeObject> desired = settings.rendering().objects(request);
        List<Drift> drifts = Drift.detect(desired, in.observed().kube(in.app()));
        boolean answering = in.observed().reachable(ClusterName.kubernetes(in.app()).value());
        if (!drifts.isEmpty()) {
            AppStatus next = base.withSpec(spec.file(), in.desired().commit(), spec.hash())
                    .withPhase(Phase.DEPLOYING, "session cluster applied: "
                            + drifts.stream().map(d -> d.object() + " " + d.reason().name().toLowerCase()).collect(Collectors.joining(", ")));
            return new Plan.Deploy(in.app(), request, next, next.message());
        }
        Phase phase = answering ? Phase.RUNNING : Phase.DEPLOYING;
        AppStatus next = base.withSpec(spec.file(), in.desired().commit(), spec.hash())
                .withPhase(phase, answering ? "session cluster answers on " + restService(desired)
                        : "waiting for the session cluster's JobManager");
        return next.equals(in.recorded()) ? Plan.Nothing.steady(in.app(), next.message())
                : new Plan.Record(in.app(), next, next.message());
    }

    /** The name of the app's REST Service among its rendered objects. */
    private static String restService(List<KubeObject> desired) {
        return desired.stream().filter(object -> KubeObject.REST.equals(object.component())).map(KubeObject::name)
                .findFirst().orElseThrow(() -> new IllegalStateException("the rendering has no REST Service"));
    }
}
