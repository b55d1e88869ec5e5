package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.HighAvailability;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * The data Flink's Kubernetes HA services keep for a cluster (leader addresses, job graphs, checkpoint pointers):
 * ConfigMaps labelled {@code app=<cluster-id>} and {@code configmap-type=high-availability} (Flink 1.x), or, as Flink
 * 2.x writes them (no {@code configmap-type} label; seen in KubernetesHaIT), labelled {@code app=<cluster-id>} and
 * {@code type=flink-native-kubernetes} and named {@code <cluster-id>-cluster-config-map} or {@code
 * <cluster-id>-<job id>-config-map}. Not written by flink-gitops; deleted with the app, as the operator does, and kept
 * on suspend and upgrade.
 */
final class HaData {

    static final String APP_LABEL = "app";
    static final String TYPE_LABEL = "configmap-type";
    static final String TYPE_VALUE = "high-availability";
    static final String NATIVE_LABEL = "type";
    static final String NATIVE_VALUE = "flink-native-kubernetes";

    private HaData() {}

    /** The cluster id the app's ConfigMap configures ({@code kubernetes.cluster-id}), else the app's name (our default). */
    static String clusterId(KubernetesClient client, AppId app) {
        ConfigMap config = client.configMaps().inNamespace(app.namespace()).withName(KubeLabels.configMapName(app)).get();
        String file = config == null || config.getData() == null ? null : config.getData().get(FlinkConfigFile.LEGACY_CONFIG_YAML);
        if (file != null) {
            for (String line : file.split("\n")) {
                if (line.startsWith(HighAvailability.CLUSTER_ID + ": ")) {
                    String value = line.substring(HighAvailability.CLUSTER_ID.length() + 2).trim();
                    if (!value.isEmpty()) {
                        return value;
                    }
                }
            }
        }
        return app.name();
    }

    static void delete(KubernetesClient client, String namespace, String clusterId) {
        client.configMaps().inNamespace(namespace).withLabels(Map.of(APP_LABEL, clusterId, TYPE_LABEL, TYPE_VALUE)).delete();
        java.util.regex.Pattern names = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(clusterId)
                + "-(cluster|[0-9a-f]{32})-config-map");
        for (ConfigMap map : client.configMaps().inNamespace(namespace)
                .withLabels(Map.of(APP_LABEL, clusterId, NATIVE_LABEL, NATIVE_VALUE)).list().getItems()) {
            if (names.matcher(map.getMetadata().getName()).matches()) {
                client.resource(map).delete();
            }
        }
    }
}
