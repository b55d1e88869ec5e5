package dev.flinkgitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinkgitops.appspec.AppSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The pod template of a JobManager or TaskManager: ours, layered over the spec's templates. */
final class FlinkPod {

    static final String MAIN_CONTAINER = "flink-main-container";
    static final String CONFIG_VOLUME = "flink-config";
    static final String CONFIG_DIR = "/opt/flink/conf";

    private FlinkPod() {}

    /**
     * @param role {@code jobManager} or {@code taskManager}: where the role's settings are in the spec
     * @param args the main container's arguments
     * @param configHash the content hash of the app's ConfigMap
     * @param hardening the locked-down base ({@link PodHardening}), under the user's templates
     */
    static PodTemplateSpec render(AppSpec spec, String component, String role, List<String> args,
            List<ContainerPort> ports, String configHash, JsonNode hardening) {
        JsonNode specNode = spec.resource().path("spec");
        PodTemplateSpec ours = generated(spec, component, specNode.path(role), args, ports, configHash);
        ObjectMapper json = Serialization.jsonMapper();
        JsonNode user = PodTemplates.merge(hardening, PodTemplates.userTemplate(specNode, role));
        JsonNode merged = PodHardening.secured(PodTemplates.merge(user, json.valueToTree(ours)));
        PodTemplateSpec template = json.convertValue(merged, PodTemplateSpec.class);
        template.getMetadata().setLabels(sorted(template.getMetadata().getLabels()));
        template.getMetadata().setAnnotations(sorted(template.getMetadata().getAnnotations()));
        return template;
    }

    private static PodTemplateSpec generated(AppSpec spec, String component, JsonNode settings, List<String> args,
            List<ContainerPort> ports, String configHash) {
        JsonNode specNode = spec.resource().path("spec");
        ContainerBuilder container = new ContainerBuilder()
                .withName(MAIN_CONTAINER)
                .withImage(text(specNode.path("image")))
                .withImagePullPolicy(text(specNode.path("imagePullPolicy")))
                .withArgs(args)
                .withPorts(ports)
                .addNewVolumeMount().withName(CONFIG_VOLUME).withMountPath(CONFIG_DIR).endVolumeMount();
        ResourceRequirements resources = settings.path("resources").isObject() ? requirements(settings.path("resources"))
                : resources(settings.path("resource"));
        if (resources != null) {
            container.withResources(resources);
        }
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(KubeLabels.labels(spec.id(), component))
                .withAnnotations(Map.of(KubeLabels.CONFIG_HASH, configHash))
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(text(specNode.path("serviceAccount")))
                .withContainers(container.build())
                .addNewVolume().withName(CONFIG_VOLUME)
                .withNewConfigMap().withName(KubeLabels.configMapName(spec.id())).endConfigMap()
                .endVolume()
                .endSpec()
                .build();
    }

    static ContainerPort port(String name, int number) {
        return new ContainerPortBuilder().withName(name).withContainerPort(number).build();
    }

    /** Requests and limits, equal, from the operator's {@code resource}; null when it sets none. */
    static ResourceRequirements resources(JsonNode resource) {
        SortedMap<String, Quantity> amounts = new TreeMap<>();
        if (resource.path("memory").isTextual()) {
            amounts.put("memory", FlinkMemory.parse(resource.get("memory").asText()).quantity());
        }
        if (resource.path("cpu").isNumber()) {
            amounts.put("cpu", new Quantity(resource.get("cpu").decimalValue().stripTrailingZeros().toPlainString()));
        }
        if (resource.path("ephemeralStorage").isTextual()) {
            amounts.put("ephemeral-storage", new Quantity(resource.get("ephemeralStorage").asText()));
        }
        if (amounts.isEmpty()) {
            return null;
        }
        ResourceRequirements requirements = new ResourceRequirements();
        requirements.setRequests(new TreeMap<>(amounts));
        requirements.setLimits(new TreeMap<>(amounts));
        return requirements;
    }

    /**
     * The operator's newer {@code resources} (Kubernetes ResourceRequirements: {@code requests}, {@code limits},
     * {@code claims}) as written; when a role sets it, its older {@code resource} is not used (the operator's
     * precedence). Null when it names no amount.
     */
    static ResourceRequirements requirements(JsonNode resources) {
        ResourceRequirements requirements = Serialization.jsonMapper().convertValue(resources, ResourceRequirements.class);
        boolean requests = requirements.getRequests() != null && !requirements.getRequests().isEmpty();
        boolean limits = requirements.getLimits() != null && !requirements.getLimits().isEmpty();
        if (!requests && !limits) {
            return null;
        }
        requirements.setRequests(requests ? new TreeMap<>(requirements.getRequests()) : null);
        requirements.setLimits(limits ? new TreeMap<>(requirements.getLimits()) : null);
        return requirements;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null || map.isEmpty() ? null : new TreeMap<>(map);
    }
}
