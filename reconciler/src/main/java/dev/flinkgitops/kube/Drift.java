package dev.flinkgitops.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How one live Kubernetes object differs from the rendered one. Pure: objects in, drift out.
 *
 * <p>The rendered object carries the hash of its content in {@link ManagedObjects#CONTENT_HASH_ANNOTATION};
 * the live object keeps the annotation it was written with. A different annotation means the
 * spec changed; a live content whose hash no longer matches its own annotation means someone
 * edited the object outside git.
 */
public record Drift(String kind, String namespace, String name, Reason reason) {

    public enum Reason {
        /** Rendered, but not in the cluster (never created, or deleted outside). */
        MISSING,
        /** In the cluster with the current content hash, but its content was edited outside. */
        EDITED,
        /** In the cluster, rendered from an older spec. */
        SPEC_CHANGED
    }

    /** The drift of every desired object, in the order given; objects that match are left out. */
    public static List<Drift> detect(
            List<HasMetadata> desired, List<HasMetadata> live, Function<HasMetadata, String> hasher) {
        Map<String, HasMetadata> liveById = new HashMap<>();
        for (HasMetadata object : live) {
            liveById.put(id(object), object);
        }
        List<Drift> drifts = new ArrayList<>();
        for (HasMetadata object : desired) {
            of(object, liveById.get(id(object)), hasher).ifPresent(drifts::add);
        }
        return drifts;
    }

    /** The drift of one object; {@code live} is null when the object does not exist. */
    public static Optional<Drift> of(
            HasMetadata desired, HasMetadata live, Function<HasMetadata, String> hasher) {
        if (live == null) {
            return Optional.of(drift(desired, Reason.MISSING));
        }
        String wanted = contentHash(desired);
        if (wanted == null) {
            wanted = hasher.apply(desired);
        }
        String recorded = contentHash(live);
        if (!Objects.equals(wanted, recorded)) {
            return Optional.of(drift(desired, Reason.SPEC_CHANGED));
        }
        if (!Objects.equals(hasher.apply(live), recorded)) {
            return Optional.of(drift(desired, Reason.EDITED));
        }
        return Optional.empty();
    }

    /** {@code Kind/name}, the way results and logs name an object. */
    public String object() {
        return kind + "/" + name;
    }

    static String id(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    private static Drift drift(HasMetadata object, Reason reason) {
        return new Drift(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(), reason);
    }

    private static String contentHash(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ManagedObjects.CONTENT_HASH_ANNOTATION);
    }
}
