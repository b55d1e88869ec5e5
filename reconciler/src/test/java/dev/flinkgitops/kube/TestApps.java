package dev.flinkgitops.kube;

import dev.flinkgitops.port.Drift;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stand-in for the Renderer and KubeLabels being written elsewhere: the four objects of one
 * application cluster, labelled and annotated the same way, with a content hash over a small
 * projection (config data, service ports, replicas, container names, images and args) that
 * server-side defaulting on a real cluster does not change.
 */
final class TestApps {

    static final String IMAGE = "flink:2.1";

    private TestApps() {}

    static String jobManager(String app) {
        return app + "-jobmanager";
    }

    static List<HasMetadata> render(String namespace, String app) {
        return render(namespace, app, IMAGE, Map.of("parallelism.default", "1"));
    }

    static List<HasMetadata> render(String namespace, String app, String image, Map<String, String> config) {
        ConfigMap configMap = new ConfigMapBuilder()
                .withMetadata(meta(namespace, app + "-flink-config", app, "config"))
                .withData(new TreeMap<>(config))
                .build();
        Service service = new ServiceBuilder()
                .withMetadata(meta(namespace, app + "-rest", app, "rest"))
                .withNewSpec()
                .withSelector(Map.of(ManagedObjects.APP_NAME_LABEL, app, "app.kubernetes.io/component", "jobmanager"))
                .addNewPort().withName("rest").withPort(8081).endPort()
                .endSpec()
                .build();
        return List.of(hashed(configMap), hashed(service),
                hashed(deployment(namespace, app, "jobmanager", image, 1)),
                hashed(deployment(namespace, app, "taskmanager", image, 2)));
    }

    /** The drift of live objects from desired ones, hashed by {@link #contentHash}, as the planner sees it. */
    static List<Drift> drift(List<HasMetadata> desired, List<HasMetadata> live) {
        return Drift.detect(ObjectValues.rendered(desired, TestApps::contentHash), ObjectValues.live(live, TestApps::contentHash));
    }

    /** The stand-in for KubeLabels.contentHash. */
    static String contentHash(HasMetadata object) {
        StringBuilder content = new StringBuilder(object.getKind());
        if (object instanceof ConfigMap configMap) {
            content.append(new TreeMap<>(configMap.getData()));
        } else if (object instanceof Service service) {
            for (ServicePort port : service.getSpec().getPorts()) {
                content.append('|').append(port.getName()).append(':').append(port.getPort());
            }
        } else if (object instanceof Deployment deployment) {
            content.append('|').append(deployment.getSpec().getReplicas());
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                content.append('|').append(container.getName()).append(':').append(container.getImage())
                        .append(':').append(container.getArgs());
            }
        }
        return sha256(content.toString()).substring(0, 16);
    }

    private static Deployment deployment(String namespace, String app, String component, String image, int replicas) {
        Map<String, String> podLabels = Map.of(ManagedObjects.APP_NAME_LABEL, app, "app.kubernetes.io/component", component,
                ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE);
        return new DeploymentBuilder()
                .withMetadata(meta(namespace, app + "-" + component, app, component))
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(podLabels).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("flink-main-container").withImage(image).withArgs(component).endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static ObjectMeta meta(String namespace, String name, String app, String component) {
        return new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .addToLabels(ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE)
                .addToLabels(ManagedObjects.APP_NAME_LABEL, app)
                .addToLabels("app.kubernetes.io/component", component)
                .addToAnnotations("flink-gitops.dev/spec-hash", "spec-" + app)
                .build();
    }

    private static <T extends HasMetadata> T hashed(T object) {
        object.getMetadata().getAnnotations().put(ManagedObjects.CONTENT_HASH_ANNOTATION, contentHash(object));
        return object;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
