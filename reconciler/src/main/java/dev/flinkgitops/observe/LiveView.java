package dev.flinkgitops.observe;

import dev.flinkgitops.plan.Desired;
import dev.flinkgitops.plan.Observed;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.DesiredState;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.port.ClusterName;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The observe step: what the daemon reads of live state for a set of recorded statuses and
 * desired specs. One job list per cluster they use, the savepoints in flight, (Kubernetes) the
 * managed objects of their namespaces, and the checkpoints of the few jobs a decision needs.
 * Used by the daemon's tick and by {@code plan --live}.
 */
public final class LiveView {

    private final Observer observer;
    private final PlannerSettings settings;

    public LiveView(Observer observer, PlannerSettings settings) {
        this.observer = observer;
        this.settings = settings;
    }

    public Observed observe(Map<AppId, AppStatus> recorded, Map<AppId, Desired> desired) {
        return observe(recorded, desired, Set.of());
    }

    /**
     * @param notTriggered trigger ids of recorded operations this process knows it has not sent to
     *     Flink yet: their state is not asked for (Flink would answer 404 and log an error); the
     *     plan sees them as unknown, exactly as it would after asking
     */
    public Observed observe(Map<AppId, AppStatus> recorded, Map<AppId, Desired> desired, Set<String> notTriggered) {
        return observe(recorded, desired, notTriggered, id -> null);
    }

    /**
     * @param recordedSpecs the spec each app's recorded job runs (null when not known): a rescale in place is asked
     *     about only for a change of the parallelism alone, and for every change where it is not known
     */
    public Observed observe(Map<AppId, AppStatus> recorded, Map<AppId, Desired> desired, Set<String> notTriggered,
            java.util.function.Function<AppId, dev.flinkgitops.appspec.AppSpec> recordedSpecs) {
        Set<String> clusters = new TreeSet<>();
        desired.values().stream().filter(Desired::isValid)
                .filter(d -> d.spec().hasJob() || settings.onKubernetes(d.spec()))
                .filter(d -> !settings.onKubernetes(d.spec()) || d.spec().job() == null
                        || d.spec().job().state() == DesiredState.RUNNING || mayRun(recorded.get(d.spec().id())))
                .forEach(d -> clusters.add(settings.clusterOf(d.spec())));
        recorded.values().stream().filter(LiveView::mayRun).forEach(s -> clusters.add(s.job().cluster()));
        Observed observed = observer.observe(clusters, recorded.values(), notTriggered);
        observed = observer.withKube(observed, kubeNamespaces(recorded, desired));
        observed = observer.withRescales(observed, rescalesNeeded(recorded, desired, observed, recordedSpecs));
        return observer.withCheckpoints(observed, checkpointsNeeded(recorded, desired, observed));
    }

    /**
     * The running jobs that may be rescaled in place: a rescale in flight, or a changed spec with nothing in flight
     * (not a FlinkDeployment on Kubernetes, whose own cluster is sized by its parallelism).
     */
    private Map<String, String> rescalesNeeded(Map<AppId, AppStatus> recorded, Map<AppId, Desired> desired,
            Observed observed, java.util.function.Function<AppId, dev.flinkgitops.appspec.AppSpec> recordedSpecs) {
        Map<String, String> needed = new HashMap<>();
        recorded.forEach((id, status) -> {
            Desired wanted = desired.get(id);
            boolean up = status.job() != null && observed.job(status.job().cluster(), status.job().id())
                    .map(j -> !j.state().terminal()).orElse(false);
            boolean changed = wanted != null && wanted.isValid() && wanted.spec().hasJob() && !settings.onKubernetes(wanted.spec())
                    && status.operation() == null && !wanted.spec().hash().equals(status.specHash())
                    && parallelismOnly(recordedSpecs.apply(id), wanted.spec());
            boolean rescaling = status.operation() != null
                    && dev.flinkgitops.status.OperationType.RESCALE.equals(status.operation().type());
            if (up && (changed || rescaling)) {
                needed.put(status.job().id(), status.job().cluster());
            }
        });
        return needed;
    }

    /** Whether the change from {@code before} (null: not known, so it may be) to {@code after} is of the parallelism alone. */
    private boolean parallelismOnly(dev.flinkgitops.appspec.AppSpec before, dev.flinkgitops.appspec.AppSpec after) {
        return before == null || dev.flinkgitops.plan.Rescale.parallelismOnly(
                dev.flinkgitops.plan.ChangeTable.classify(before, after, settings.kubernetes()));
    }

    /** A recorded job that may still run (not after a delete or, on its own Kubernetes cluster, a suspend). */
    private static boolean mayRun(AppStatus status) {
        return status != null && status.job() != null && status.phase() != Phase.DELETED
                && !(status.phase() == Phase.SUSPENDED && ClusterName.isKubernetes(status.job().cluster()));
    }

    /** The namespaces of apps on the Kubernetes target (their objects are listed once per kind and namespace). */
    private Set<String> kubeNamespaces(Map<AppId, AppStatus> recorded, Map<AppId, Desired> desired) {
        Set<String> namespaces = new TreeSet<>();
        if (!settings.kubernetes()) {
            return namespaces;
        }
        desired.forEach((id, wanted) -> {
            if (wanted.isValid() && settings.onKubernetes(wanted.spec())) {
                namespaces.add(id.namespace());
            }
        });
        recorded.forEach((id, status) -> {
            if (status.job() != null && ClusterName.isKubernetes(status.job().cluster())
                    && status.phase() != Phase.DELETED) {
                namespaces.add(id.namespace());
            }
        });
        return namespaces;
    }

    /**
     * The jobs whose checkpoints a decision needs: a job not ready yet (DEPLOYING, ROLLING_BACK), and
     * for last-state apps a job about to be replaced or restarted, and a stateful job whose spec changed or that an
     * upgrade is about to stop (its latest checkpoint is the restore point the state-compatibility check reads).
     */
    private static Map<String, String> checkpointsNeeded(Map<AppId, AppStatus> recorded, Map<AppId, Desired> desired,
            Observed observed) {
        Map<String, String> needed = new HashMap<>();
        recorded.forEach((id, status) -> {
            if (status.job() == null) {
                return;
            }
            Desired wanted = desired.get(id);
            boolean lastState = wanted != null && wanted.isValid() && wanted.spec().hasJob()
                    && wanted.spec().job().upgradeMode() == UpgradeMode.LAST_STATE;
            boolean changing = wanted != null && wanted.isValid() && !wanted.spec().hash().equals(status.specHash());
            boolean down = observed.job(status.job().cluster(), status.job().id()).map(j -> j.state().terminal()).orElse(true);
            boolean upgradeStop = status.operation() != null && OperationType.UPGRADE.equals(status.operation().type())
                    && OperationStep.STOPPING.equals(status.operation().step())
                    || changing && wanted.spec().hasJob() && wanted.spec().job().upgradeMode().stateful();
            if (status.phase() == Phase.DEPLOYING || status.phase() == Phase.ROLLING_BACK || upgradeStop
                    || (lastState && (changing || down || status.operation() != null))) {
                needed.put(status.job().id(), status.job().cluster());
            }
        });
        return needed;
    }
}
