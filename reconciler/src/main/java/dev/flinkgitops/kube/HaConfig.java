package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.HighAvailability;
import dev.flinkgitops.port.RenderRequest;
import java.util.SortedMap;

/**
 * The high-availability keys of a rendered cluster. A stateful job gets Flink's Kubernetes HA services by
 * default ({@link HighAvailability#defaultFor}), its recovery data under the app's savepoint directory
 * ({@link HighAvailability#defaultStorageDir}) unless the spec names a {@code high-availability.storageDir};
 * {@code high-availability.type: NONE} in the spec turns it off. With Kubernetes HA, as the operator renders
 * it: the cluster ids default to the app's name (they name the HA ConfigMaps and the storage sub-directory)
 * and {@code kubernetes.namespace} to the app's namespace (Flink's HA services look for their ConfigMaps
 * there; Flink's own default is {@code default}).
 */
final class HaConfig {

    private HaConfig() {}

    static void put(SortedMap<String, String> config, RenderRequest request) {
        AppSpec spec = request.spec();
        if (HighAvailability.defaultFor(spec)) {
            config.put(HighAvailability.TYPE, "kubernetes");
            String savepoints = spec.savepointDirectory() != null ? spec.savepointDirectory() : request.savepointDirectory();
            if (savepoints != null) {
                config.putIfAbsent(HighAvailability.STORAGE_DIR, HighAvailability.defaultStorageDir(savepoints, spec.id()));
            }
        }
        if (FlinkConfigFile.kubernetesHa(config)) {
            config.putIfAbsent(HighAvailability.CLUSTER_ID, clusterId(spec));
            config.putIfAbsent("high-availability.cluster-id", spec.id().name());
            config.putIfAbsent("kubernetes.namespace", spec.id().namespace());
        }
    }

    /** The ConfigMaps Flink's Kubernetes HA services create carry {@code app=<cluster-id>}. */
    static String clusterId(AppSpec spec) {
        return spec.flinkConfiguration().getOrDefault(HighAvailability.CLUSTER_ID, spec.id().name());
    }
}
