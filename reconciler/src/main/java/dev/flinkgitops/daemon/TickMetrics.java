package dev.flinkgitops.daemon;

import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.server.Metrics;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Turns what a tick did (and how statuses moved) into the daemon's metrics. */
final class TickMetrics {

    private final Metrics metrics;

    TickMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    void succeeded(Map<AppId, AppStatus> before, TickReport report, Map<AppId, AppStatus> after, Duration took,
            Instant now) {
        metrics.tick(took);
        metrics.gitFetch(took, true);
        metrics.lastSuccessfulTick(now);
        report.distrusted().keySet().forEach(cluster -> metrics.distrusted());
        report.plans().values().stream().filter(plan -> plan instanceof dev.flinkgitops.plan.Plan.StopStray)
                .forEach(plan -> metrics.strayJob());
        if (report.written().outcome() == StatusBranch.WriteResult.Outcome.PUSHED && report.written().attempts() > 1) {
            metrics.statusPushConflict();
        }
        Map<String, Integer> phases = new TreeMap<>();
        after.values().forEach(status -> phases.merge(String.valueOf(status.phase()), 1, Integer::sum));
        metrics.appsByPhase(phases);
        metrics.invalidSpecs(report.unclaimedInvalid().size()
                + (int) after.values().stream().filter(s -> s.phase() == Phase.STALLED && s.lastError() != null
                        && s.lastError().message().contains(": /")).count());
        metrics.clustersNotUp(notUp(report.workloads()));
        metrics.leaseLostSkips(Metrics.LEASE_LOST_ACTION, report.leaseLostActions());
        after.forEach((id, status) -> transitions(before.get(id), status));
        after.forEach((id, status) -> driftHeldBack(before.get(id), status));
        after.forEach((id, status) -> {
            AppStatus previous = before.get(id);
            if (status.lastSavepoint() != null && SavepointRecord.CHOSEN.equals(status.lastSavepoint().reason())
                    && (previous == null || !Objects.equals(previous.lastSavepoint(), status.lastSavepoint()))) {
                metrics.stateRegression();
            }
            if (dev.flinkgitops.notify.Events.rewound(previous, status)) {
                metrics.stateRegression();
            }
            stateCheck(previous, status);
        });
    }

    /**
     * Apps whose JobManager Deployment asks for replicas that are not all ready, by the reason the kubelet or
     * scheduler gave ({@code not_ready} when nothing says why). A suspended app (no Deployment) is not counted.
     */
    static Map<String, Integer> notUp(Map<AppId, dev.flinkgitops.port.WorkloadHealth> workloads) {
        Map<String, Integer> byReason = new TreeMap<>();
        workloads.values().stream().filter(w -> w.jobManagerWanted() > 0 && !w.jobManagerUp())
                .forEach(w -> byReason.merge(w.problem() == dev.flinkgitops.port.WorkloadHealth.Problem.NONE ? "not_ready"
                        : w.problem().label(), 1, Integer::sum));
        return byReason;
    }

    /** The state-compatibility guard's refusal (a new error) or a check that could not run (a new message), once each. */
    private void stateCheck(AppStatus before, AppStatus after) {
        String error = after.lastError() == null ? null : after.lastError().message();
        if (error != null && error.contains(dev.flinkgitops.apply.Guards.STATE_REFUSED)
                && (before == null || !Objects.equals(before.lastError(), after.lastError()))) {
            metrics.stateCheck("refused");
        } else if (after.message() != null && after.message().contains(dev.flinkgitops.port.RestoreCompatibility.NOT_CHECKED)
                && (before == null || !Objects.equals(before.message(), after.message()))) {
            metrics.stateCheck("not_checked");
        }
    }

    /** A JobManager replacement for drift newly held back by the rate limit: counted once per hold, not per tick. */
    private void driftHeldBack(AppStatus before, AppStatus after) {
        String held = after.drift() == null ? null : after.drift().heldBackAt();
        String was = before == null || before.drift() == null ? null : before.drift().heldBackAt();
        if (held != null && !held.equals(was)) {
            metrics.driftReplacementHeldBack();
        }
    }

    void failed(Duration took) {
        metrics.tick(took);
        metrics.gitFetch(took, false);
    }

    /** An operation that ended this tick, and a savepoint that completed. */
    private void transitions(AppStatus before, AppStatus after) {
        rescale(before, after);
        if (before == null || before.operation() == null || after.operation() != null) {
            savepoint(before, after);
            return;
        }
        savepoint(before, after);
        String result = switch (after.phase()) {
            case BLOCKED -> "blocked";
            case ROLLING_BACK, ROLLED_BACK -> "rolled_back";
            case STALLED -> "stalled";
            default -> "succeeded";
        };
        if (before.operation().type() == dev.flinkgitops.status.OperationType.UPGRADE) {
            metrics.upgrade(result);
        }
    }

    /** A rescale in place that ended: made, turned into a savepoint upgrade (refused, timed out), or abandoned. */
    private void rescale(AppStatus before, AppStatus after) {
        if (before == null || before.operation() == null
                || before.operation().type() != dev.flinkgitops.status.OperationType.RESCALE
                || (after.operation() != null && after.operation().type() == dev.flinkgitops.status.OperationType.RESCALE)) {
            return;
        }
        metrics.rescale(after.operation() != null ? "savepoint_upgrade"
                : Objects.equals(after.specHash(), before.operation().targetHash()) ? "in_place"
                : "abandoned");
    }

    private void savepoint(AppStatus before, AppStatus after) {
        SavepointRecord latest = after.lastSavepoint();
        if (latest == null || before == null || Objects.equals(before.lastSavepoint(), latest) || before.operation() == null
                || latest.time() == null || latest.triggerId() == null) {
            if (before != null && before.operation() != null && after.phase() == Phase.BLOCKED
                    && after.lastError() != null && after.lastError().message().contains("savepoint failed")) {
                metrics.savepoint(Duration.between(Instant.parse(before.operation().startedAt()),
                        Instant.parse(after.lastError().time())), false);
            }
            return;
        }
        metrics.savepoint(Duration.between(Instant.parse(before.operation().startedAt()), Instant.parse(latest.time())), true);
    }
}
