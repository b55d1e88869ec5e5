package dev.flinkgitops.kube;

import java.util.List;

/** What one {@link KubeObjects#apply} wrote, each object named {@code Kind/name}. */
public record ApplyResult(List<String> created, List<String> updated, List<String> unchanged) {

    public ApplyResult {
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        unchanged = List.copyOf(unchanged);
    }

    /** True when the apply wrote nothing. */
    public boolean noWrites() {
        return created.isEmpty() && updated.isEmpty();
    }
}
