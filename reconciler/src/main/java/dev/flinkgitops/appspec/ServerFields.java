package dev.flinkgitops.appspec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a file saved with {@code kubectl get -o yaml} carries besides the spec: the operator's
 * {@code status} and metadata the Kubernetes API server (or a controller) sets. None of it is part
 * of the desired app: it is left out of the spec hash and the resource the targets read, so a file
 * with and without it is the same spec.
 */
public final class ServerFields {

    /** Metadata fields set by the API server or controllers, never by the author of a spec. */
    public static final List<String> METADATA = List.of("uid", "resourceVersion", "generation", "creationTimestamp",
            "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "finalizers", "selfLink");

    /** Annotations kubectl writes for itself. */
    public static final List<String> ANNOTATIONS = List.of("kubectl.kubernetes.io/last-applied-configuration");

    private ServerFields() {}

    /** JSON pointers of the server-set fields {@code resource} carries, in file order of this list. */
    public static List<String> present(JsonNode resource) {
        List<String> pointers = new ArrayList<>();
        if (resource.has("status")) {
            pointers.add("/status");
        }
        JsonNode metadata = resource.path("metadata");
        METADATA.stream().filter(metadata::has).forEach(field -> pointers.add("/metadata/" + field));
        ANNOTATIONS.stream().filter(metadata.path("annotations")::has)
                .forEach(key -> pointers.add("/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1")));
        return pointers;
    }

    /** {@code resource} without them (a copy); an annotations map left empty goes too. */
    public static JsonNode without(JsonNode resource) {
        JsonNode copy = resource.deepCopy();
        if (copy instanceof ObjectNode object) {
            object.remove("status");
            if (object.get("metadata") instanceof ObjectNode metadata) {
                metadata.remove(METADATA);
                if (metadata.get("annotations") instanceof ObjectNode annotations) {
                    annotations.remove(ANNOTATIONS);
                    if (annotations.isEmpty()) {
                        metadata.remove("annotations");
                    }
                }
            }
        }
        return copy;
    }
}
