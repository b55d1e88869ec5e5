package dev.flinkgitops.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content hash of a rendered or live object (see {@link KubeLabels#contentHash}): SHA-256 of
 * the canonical JSON of the fields flink-gitops set ({@link FieldRecord}). A rendered object is hashed
 * whole; a live object only over the fields its {@link KubeLabels#FIELDS} record names, as they are
 * now, so what the API server or a webhook added is not content. Which fields those are is not a
 * list here: whatever the renderer sets (any kind) is recorded when it is stamped.
 */
final class ContentHash {

    /** Our own annotations (hashes, records): never content. */
    private static final String OURS = "flink-gitops.dev/";
    /** Above this, the record would crowd the 256 KiB the API server allows for all annotations together. */
    static final int RECORD_LIMIT = 64 * 1024;

    private ContentHash() {}

    /** The hash of {@code object}: over its recorded fields when it carries a record, else over all it has. */
    static String of(HasMetadata object) {
        JsonNode content = content(object);
        String record = annotations(object).get(KubeLabels.FIELDS);
        if (record == null) {
            return sha256(json(content));
        }
        JsonNode projected = FieldRecord.project(content, parse(record), "");
        return sha256(json(projected == null ? JsonNodeFactory.instance.objectNode() : projected));
    }

    /** Puts the content hash and the field record on a rendered object's annotations. */
    static void stamp(HasMetadata object) {
        JsonNode content = content(object);
        String record = json(FieldRecord.of(content));
        if (record.length() > RECORD_LIMIT) {
            throw new IllegalArgumentException(object.getKind() + "/" + object.getMetadata().getName()
                    + " sets too many fields to record (" + record.length() + " characters of field names)");
        }
        Map<String, String> annotations = new TreeMap<>(annotations(object));
        annotations.put(KubeLabels.CONTENT_HASH, sha256(json(content)));
        annotations.put(KubeLabels.FIELDS, record);
        object.getMetadata().setAnnotations(annotations);
    }

    /**
     * The object as canonical JSON: everything but its status and server-set metadata; of the
     * metadata, its labels and the annotations that are not ours.
     */
    private static JsonNode content(HasMetadata object) {
        ObjectNode tree = Serialization.jsonMapper().valueToTree(object);
        tree.remove("status");
        tree.remove("apiVersion");
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.set("labels", tree.path("metadata").get("labels"));
        Map<String, String> annotations = new TreeMap<>(annotations(object));
        annotations.keySet().removeIf(key -> key.startsWith(OURS));
        metadata.set("annotations", Serialization.jsonMapper().valueToTree(annotations));
        tree.set("metadata", metadata);
        tree.put("kind", object.getClass().getSimpleName());
        JsonNode canonical = FieldRecord.canonical(tree, "");
        return canonical == null ? JsonNodeFactory.instance.objectNode() : canonical;
    }

    private static Map<String, String> annotations(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata() == null ? null : object.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private static JsonNode parse(String record) {
        try {
            JsonNode node = Serialization.jsonMapper().readTree(record);
            return node == null ? JsonNodeFactory.instance.objectNode() : node;
        } catch (JsonProcessingException e) {
            // An edited record: nothing of it can be trusted, so everything counts (drift, put back by the next apply).
            return JsonNodeFactory.instance.numberNode(1);
        }
    }

    private static String json(JsonNode node) {
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
