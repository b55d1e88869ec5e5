package dev.flinkgitops.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The content hash of a rendered or live object (see {@link KubeLabels#contentHash}): the parts
 * flink-gitops renders, as canonical JSON ({@link ServerDefaults} removes what the API server
 * fills in), hashed with SHA-256.
 */
final class ContentHash {

    private ContentHash() {}

    static String of(HasMetadata object) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        ObjectNode labels = content.putObject("labels");
        Map<String, String> live = object.getMetadata() == null ? null : object.getMetadata().getLabels();
        for (String key : KubeLabels.OWNED_LABELS) {
            if (live != null && live.get(key) != null) {
                labels.put(key, live.get(key));
            }
        }
        content.put("kind", object.getClass().getSimpleName());
        content.set("content", rendered(object));
        return sha256(canonicalJson(ServerDefaults.normalize(content)));
    }

    private static JsonNode rendered(HasMetadata object) {
        ObjectMapper json = Serialization.jsonMapper();
        ObjectNode parts = JsonNodeFactory.instance.objectNode();
        if (object instanceof ConfigMap configMap) {
            parts.set("data", json.valueToTree(configMap.getData()));
            parts.set("binaryData", json.valueToTree(configMap.getBinaryData()));
        } else if (object instanceof Service service) {
            JsonNode spec = json.valueToTree(service.getSpec());
            for (String field : new String[] {"type", "selector", "ports"}) {
                parts.set(field, spec.get(field));
            }
        } else if (object instanceof Deployment deployment) {
            JsonNode spec = json.valueToTree(deployment.getSpec());
            for (String field : new String[] {"replicas", "selector", "strategy", "template"}) {
                parts.set(field, spec.get(field));
            }
        } else if (object instanceof io.fabric8.kubernetes.api.model.networking.v1.Ingress ingress) {
            // The user's labels and annotations (an ingress controller reads them) are content; ours are not.
            parts.set("spec", json.valueToTree(ingress.getSpec()));
            parts.set("labels", json.valueToTree(ingress.getMetadata().getLabels()));
            Map<String, String> annotations = new java.util.TreeMap<>();
            if (ingress.getMetadata().getAnnotations() != null) {
                ingress.getMetadata().getAnnotations().forEach((key, value) -> {
                    if (!key.startsWith("flink-gitops.dev/")) {
                        annotations.put(key, value);
                    }
                });
            }
            parts.set("annotations", json.valueToTree(annotations));
        } else {
            throw new IllegalArgumentException("no content hash for a " + object.getClass().getSimpleName());
        }
        return parts;
    }

    private static String canonicalJson(JsonNode node) {
        try {
            return Serialization.jsonMapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not serialise", e);
        }
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
