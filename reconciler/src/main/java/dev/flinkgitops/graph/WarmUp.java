package dev.flinkgitops.graph;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one small job graph in the background when the daemon starts, so that Flink's client and graph
 * classes are loaded (about 2 s on 2 busy cores) before the first upgrade's state-compatibility check needs
 * them, not during it. The user's jar is not involved; a failure only costs the first check that time.
 */
final class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private WarmUp() {}

    static Thread start() {
        Thread thread = new Thread(WarmUp::run, "state-check-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return thread;
    }

    static void run() {
        long start = System.nanoTime();
        try (StreamExecutionEnvironment env = new StreamExecutionEnvironment(new Configuration())) {
            env.fromSequence(0, 1).uid("warm-up").keyBy(n -> n % 2).reduce(Long::sum).uid("sum").print();
            env.getStreamGraph().getJobGraph();
            RestorePointReader.class.getName();
            log.debug("state-compatibility check warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            log.debug("state-compatibility warm-up failed ({}); the first check loads the classes itself", e.toString());
        }
    }
}
