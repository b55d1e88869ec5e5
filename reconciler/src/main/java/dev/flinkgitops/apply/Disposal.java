package dev.flinkgitops.apply;

import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.FlinkException;
import dev.flinkgitops.redact.Redact;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disposal of a savepoint retention or a FlinkStateSnapshot let go, once the guard
 * {@link Guards#neverDisposeWhatARestoreNeeds} allowed it: a failure is recorded on the app and tried again later,
 * the job is never touched.
 */
final class Disposal {

    private static final Logger log = LoggerFactory.getLogger(Applier.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY = Duration.ofMinutes(10);

    private Disposal() {}

    static AppStatus apply(Plan.Dispose plan, AppStatus recorded, Supplier<Cluster> cluster, Clock clock) {
        try {
            cluster.get().savepoints().dispose(plan.path(), TIMEOUT);
            log.info("{}: disposed savepoint {}", plan.app(), plan.path());
            return plan.next();
        } catch (FlinkException e) {
            String message = Redact.text("disposal of " + plan.path() + " failed: " + e.getMessage());
            log.warn("{}: {} (trying again in {})", plan.app(), message, RETRY);
            Instant now = clock.instant();
            return recorded.withError(new ErrorRecord(message, recorded.specCommit(), recorded.specHash(), 1, now.toString(),
                    now.plus(RETRY).toString()));
        }
    }
}
