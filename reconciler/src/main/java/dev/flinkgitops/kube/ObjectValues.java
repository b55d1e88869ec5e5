package dev.flinkgitops.kube;

import dev.flinkgitops.port.KubeObject;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * fabric8 objects as the values the planner decides on ({@link KubeObject}): identity, component
 * label, the content hash an object was written with and the hash of its content now.
 */
final class ObjectValues {

    private ObjectValues() {}

    /** A live object: its annotation as written, its content hashed as it is now. */
    static KubeObject live(HasMetadata object, Function<HasMetadata, String> hasher) {
        return new KubeObject(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(),
                label(object, KubeLabels.COMPONENT), annotation(object), hasher.apply(object));
    }

    static List<KubeObject> live(List<HasMetadata> objects, Function<HasMetadata, String> hasher) {
        return objects.stream().map(object -> live(object, hasher)).toList();
    }

    /**
     * A rendered object: the hash it is stamped with (hashed here only when it carries none, which
     * the renderer never does).
     */
    static KubeObject rendered(HasMetadata object, Function<HasMetadata, String> hasher) {
        String hash = annotation(object);
        return KubeObject.rendered(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(),
                label(object, KubeLabels.COMPONENT), hash != null ? hash : hasher.apply(object));
    }

    static List<KubeObject> rendered(List<HasMetadata> objects, Function<HasMetadata, String> hasher) {
        return objects.stream().map(object -> rendered(object, hasher)).toList();
    }

    private static String annotation(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(KubeLabels.CONTENT_HASH);
    }

    private static String label(HasMetadata object, String key) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }
}
