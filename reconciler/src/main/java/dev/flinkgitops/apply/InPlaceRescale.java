package dev.flinkgitops.apply;

import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Clusters;
import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.redact.Redact;
import dev.flinkgitops.status.AppStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The {@link Applier}'s rescale in place: after its guard, one {@code PUT /jobs/:id/resource-requirements}. A
 * refusal (an HTTP error answer: Flink's scheduler cannot rescale, the job is not running) records the savepoint
 * upgrade the plan carries, with Flink's words, at WARN; a call without an answer, or whose 2xx answer has the
 * wrong shape, leaves the status as it is and the next tick asks again (the request is idempotent, and the wait
 * for the new parallelism is bounded).
 */
final class InPlaceRescale {

    private static final Logger log = LoggerFactory.getLogger(InPlaceRescale.class);

    private InPlaceRescale() {}

    static AppStatus apply(Plan.Rescale plan, AppStatus recorded, Clusters clusters) {
        Optional<String> refused = Guards.rescaleOnlyWithDurableIntent(plan, recorded);
        if (refused.isPresent()) {
            log.error("{}: guard rescaleOnlyWithDurableIntent refused: {}", plan.app(), refused.get());
            return recorded;
        }
        Optional<Cluster> cluster = clusters.get(plan.cluster());
        try {
            cluster.orElseThrow(() -> new FlinkException("no session cluster named " + plan.cluster(), 0)).rescale()
                    .rescale(plan.jobId(), plan.vertices(), plan.parallelism());
            CrashPoints.reach("after-rescale-requested");
            log.info("{}: {}: requested", plan.app(), plan.why());
            return recorded;
        } catch (FlinkException e) {
            String error = Redact.text(e.getMessage());
            if (e.httpStatus() < 400 || e.httpStatus() == 503) {
                log.warn("{}: rescale of job {} failed ({}); asking again next tick", plan.app(), plan.jobId(), error);
                return recorded;
            }
            AppStatus next = plan.refused();
            String message = "Flink refused to rescale job " + plan.jobId() + " in place (" + error + "): " + next.message();
            log.warn("{}: {}", plan.app(), message);
            return next.withPhase(next.phase(), message);
        }
    }
}
