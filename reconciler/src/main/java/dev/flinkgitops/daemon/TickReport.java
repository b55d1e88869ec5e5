package dev.flinkgitops.daemon;

import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.validate.FileResult;

import java.util.List;
import java.util.Map;

/**
 * What one tick did.
 *
 * @param inFlight some app is mid-operation or waiting: tick again soon
 * @param unclaimedInvalid invalid files that name no known app
 * @param outage some app waits for a Flink cluster that did not answer or was not believed
 * @param distrusted clusters whose answers were not believed this tick, with the reason
 * @param clusters each Flink cluster this tick read, by name: null when it answered and was believed, else why
 *     nothing was decided about it (for the daemon's pages)
 * @param workloads how each app's cluster is doing on Kubernetes (empty without Kubernetes)
 * @param leaseLostActions actions on Flink or Kubernetes not done because the lease was lost during the tick
 */
public record TickReport(
        String commit,
        Map<AppId, Plan> plans,
        StatusBranch.WriteResult written,
        boolean inFlight,
        List<FileResult> unclaimedInvalid,
        boolean outage,
        Map<String, String> distrusted,
        Map<String, String> clusters,
        Map<AppId, dev.flinkgitops.port.WorkloadHealth> workloads,
        int leaseLostActions) {

    public TickReport {
        clusters = clusters == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(clusters));
        workloads = workloads == null ? Map.of() : Map.copyOf(workloads);
    }

    /** Without the clusters' reachability and Kubernetes workloads. */
    public TickReport(String commit, Map<AppId, Plan> plans, StatusBranch.WriteResult written, boolean inFlight,
            List<FileResult> unclaimedInvalid, boolean outage, Map<String, String> distrusted) {
        this(commit, plans, written, inFlight, unclaimedInvalid, outage, distrusted, Map.of(), Map.of(), 0);
    }
}
