package dev.flinkgitops.daemon;

import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.redact.Redact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Logs what each app's plan says: actions always, waits at most every two seconds per app
 * (they repeat every fast tick), steady states only at debug.
 */
final class ProgressLog {

    private static final Logger log = LoggerFactory.getLogger("dev.flinkgitops.reconcile");
    private static final long WAIT_LOG_INTERVAL_NANOS = 2_000_000_000L;

    private final Map<Object, Long> lastWaitLog = new HashMap<>();

    void log(Plan plan, String specCommit) {
        String commit = specCommit == null ? "-" : specCommit.substring(0, Math.min(10, specCommit.length()));
        try (org.slf4j.MDC.MDCCloseable app = org.slf4j.MDC.putCloseable("app", plan.app().toString());
                org.slf4j.MDC.MDCCloseable spec = org.slf4j.MDC.putCloseable("specCommit", specCommit)) {
            write(plan, commit);
        }
    }

    private void write(Plan plan, String commit) {
        if (plan instanceof Plan.Nothing nothing) {
            if (!nothing.waiting()) {
                lastWaitLog.remove(plan.app());
                if (log.isDebugEnabled()) { // every steady app, every tick: redact only when it is written
                    log.debug("{} @{}: {}", plan.app(), commit, Redact.text(plan.why()));
                }
                return;
            }
            long now = System.nanoTime();
            Long last = lastWaitLog.get(plan.app());
            if (last == null || now - last >= WAIT_LOG_INTERVAL_NANOS) {
                lastWaitLog.put(plan.app(), now);
                log.info("{} @{}: {}", plan.app(), commit, Redact.text(plan.why()));
            }
            return;
        }
        lastWaitLog.remove(plan.app());
        if (plan.why().startsWith(Plan.STATE_REGRESSION) || plan.why().startsWith(Plan.STATE_REWOUND)
                || plan.why().contains(dev.flinkgitops.plan.Rescale.FAILED)) {
            log.warn("{} @{}: {}", plan.app(), commit, Redact.text(plan.why()));
            return;
        }
        log.info("{} @{}: {}", plan.app(), commit, Redact.text(plan.why()));
    }
}
