package dev.flinkgitops.port;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one live Kubernetes object differs from the rendered one. Pure: object values in, drift out.
 *
 * <p>The rendered object carries the hash of its content; the live object keeps the hash it was
 * written with ({@link KubeObject#writtenHash}). A different written hash means the spec changed;
 * a live content whose hash no longer matches its written hash means someone changed or removed a
 * field the daemon set, outside git (fields others added are not part of that hash).
 */
public record Drift(String kind, String namespace, String name, Reason reason) {

    public enum Reason {
        /** Rendered, but not in the cluster (never created, or deleted outside). */
        MISSING,
        /** In the cluster with the current content hash, but its content was edited outside. */
        EDITED,
        /** In the cluster, rendered from an older spec. */
        SPEC_CHANGED,
        /** In the cluster, but the spec no longer renders it (an Ingress whose {@code spec.ingress} was removed, HA access of an app that turned HA off). */
        UNWANTED
    }

    /** The drift of every desired object, in the order given; objects that match are left out. */
    public static List<Drift> detect(List<KubeObject> desired, List<KubeObject> live) {
        Map<String, KubeObject> liveById = new HashMap<>();
        for (KubeObject object : live) {
            liveById.put(object.identity(), object);
        }
        List<Drift> drifts = new ArrayList<>();
        for (KubeObject object : desired) {
            of(object, liveById.get(object.identity())).ifPresent(drifts::add);
            liveById.remove(object.identity());
        }
        // Only an Ingress and the HA access objects are optional in a rendering; any other object is always rendered.
        liveById.values().stream().filter(object -> KubeObject.INGRESS.equals(object.component())
                        || KubeObject.HA_ACCESS.equals(object.component()))
                .forEach(object -> drifts.add(drift(object, Reason.UNWANTED)));
        return drifts;
    }

    /** The drift of one object; {@code live} is null when the object does not exist. */
    public static Optional<Drift> of(KubeObject desired, KubeObject live) {
        if (live == null) {
            return Optional.of(drift(desired, Reason.MISSING));
        }
        if (!Objects.equals(desired.writtenHash(), live.writtenHash())) {
            return Optional.of(drift(desired, Reason.SPEC_CHANGED));
        }
        if (!Objects.equals(live.actualHash(), live.writtenHash())) {
            return Optional.of(drift(desired, Reason.EDITED));
        }
        return Optional.empty();
    }

    /** {@code Kind/name}, the way results and logs name an object. */
    public String object() {
        return kind + "/" + name;
    }

    private static Drift drift(KubeObject object, Reason reason) {
        return new Drift(object.kind(), object.namespace(), object.name(), reason);
    }
}
