package dev.flinkgitops.port;

import java.util.List;

/**
 * What a {@link RenderRequest} becomes on Kubernetes, as the planner needs it: the identities and
 * content hashes of the objects, in apply order. The Kubernetes adapter implements it with the
 * renderer that {@link KubeTarget#apply} uses, so that what the planner compares is what is applied.
 */
public interface KubeRendering {

    List<KubeObject> objects(RenderRequest request);

    /** Where there is no Kubernetes: rendering is a wiring mistake, said at once. */
    static KubeRendering none() {
        return request -> {
            throw new IllegalStateException("no Kubernetes renderer is wired (PlannerSettings.withRendering) for "
                    + request.spec().id());
        };
    }
}
