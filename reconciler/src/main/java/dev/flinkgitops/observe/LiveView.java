package dev.flinkgitops.observe;

import dev.flinkgitops.plan.Desired;
import dev.flinkgitops.plan.Observed;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.spec.AppId;
import dev.flinkgitops.status.AppStatus;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the daemon would observe now, for a set of recorded statuses and desired specs: one job
 * list per cluster they use, the savepoints in flight, and (Kubernetes) the managed objects of
 * their namespaces. Used by the daemon's tick and by {@code plan --live}.
 */
public final class LiveView {

    private final Observer observer;
    private final PlannerSettings settings;

    public LiveView(Observer observer, PlannerSettings settings) {
        this.observer = observer;
        this.settings = settings;
    }

    public Observed observe(Map<AppId, AppStatus> recorded, Map<AppId, Desired> desired) {
        Set<String> clusters = new TreeSet<>();
        Set<String> namespaces = new TreeSet<>();
        desired.forEach((id, wanted) -> {
            if (wanted.isValid() && (wanted.spec().hasJob() || settings.onKubernetes(wanted.spec()))) {
                clusters.add(settings.clusterOf(wanted.spec()));
                if (settings.onKubernetes(wanted.spec())) {
                    namespaces.add(id.namespace());
                }
            }
        });
        recorded.forEach((id, status) -> {
            if (status.job() != null) {
                clusters.add(status.job().cluster());
                if (status.job().cluster().startsWith(PlannerSettings.KUBE_PREFIX)) {
                    namespaces.add(id.namespace());
                }
            }
        });
        return observer.withKube(observer.observe(clusters, recorded.values()), settings.kubernetes() ? namespaces : Set.of());
    }
}
