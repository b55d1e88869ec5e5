package dev.flinkgitops.observe;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.port.WorkloadHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs an app whose JobManager is not up, with the reason the kubelet or scheduler gave: at WARN
 * once per reason (not once per tick), at INFO when it is up again. A pod that is merely pending (every
 * deploy has one for a few seconds) is not logged; the status says it.
 */
final class NotUpLog {

    private static final Logger log = LoggerFactory.getLogger(NotUpLog.class);

    private final Map<AppId, String> said = new ConcurrentHashMap<>();

    void report(Map<AppId, WorkloadHealth> health) {
        health.forEach((app, workload) -> {
            if (workload.jobManagerUp() || workload.problem().compareTo(WorkloadHealth.Problem.PENDING) <= 0) {
                if (workload.jobManagerUp() && said.remove(app) != null) {
                    log.info("{}: the JobManager is up again", app);
                }
                return;
            }
            String why = workload.problem().label() + ": " + workload.whyNotUp();
            if (!why.equals(said.put(app, why))) {
                log.warn("{}: the JobManager is not up: {}", app, workload.whyNotUp());
            }
        });
        said.keySet().retainAll(health.keySet());
    }
}
