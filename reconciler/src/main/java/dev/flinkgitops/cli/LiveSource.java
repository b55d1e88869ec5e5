package dev.flinkgitops.cli;

import dev.flinkgitops.daemon.Wiring;
import dev.flinkgitops.kube.Leadership;
import dev.flinkgitops.kube.ServiceUrls;
import dev.flinkgitops.observe.LiveView;
import dev.flinkgitops.plan.Desired;
import dev.flinkgitops.plan.Observed;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;

/** Wires {@code plan --live}: the observer of live state, and the Kubernetes client it may need. */
final class LiveSource implements AutoCloseable {

    private final BiFunction<Map<AppId, AppStatus>, Map<AppId, Desired>, Observed> view;
    private final KubernetesClient client;

    private LiveSource(BiFunction<Map<AppId, AppStatus>, Map<AppId, Desired>, Observed> view, KubernetesClient client) {
        this.view = view;
        this.client = client;
    }

    static LiveSource of(boolean live, Map<String, URI> clusters, boolean kubernetes, String restAccess,
            PlannerSettings settings) {
        if (!live) {
            return new LiveSource(null, null);
        }
        if (clusters.isEmpty() && !kubernetes) {
            throw new IllegalArgumentException("--live needs --cluster NAME=URL or --kubernetes");
        }
        KubernetesClient client = kubernetes ? new KubernetesClientBuilder().build() : null;
        Wiring.KubeAccess kube = client == null ? null
                : new Wiring.KubeAccess(client, ServiceUrls.of(restAccess, client), Leadership.always(), false);
        LiveView view = new LiveView(Wiring.observer(clusters, Duration.ofSeconds(10), kube), settings);
        return new LiveSource(view::observe, client);
    }

    BiFunction<Map<AppId, AppStatus>, Map<AppId, Desired>, Observed> view() {
        return view;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
