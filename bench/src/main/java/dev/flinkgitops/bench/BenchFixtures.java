package dev.flinkgitops.bench;

import dev.flinkgitops.port.Jars;
import dev.flinkgitops.config.TimingConfig;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.testing.FakeJars;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import static dev.flinkgitops.bench.Bench.NAMESPACE;

/** The benchmark's inputs: synthetic specs, the planner settings, a jar port and a clock it moves. */
final class BenchFixtures {

    private BenchFixtures() {}

    static String spec(String name, String tag) {
        return sessionJob(name, NAMESPACE, "file:///jobs/counter.jar", null, List.of("--tag", tag), 2);
    }

    /** A {@code FlinkSessionJob} spec on the session cluster {@code default}, upgraded through savepoints. */
    static String sessionJob(String name, String namespace, String jarURI, String entryClass, List<String> args,
            int parallelism) {
        String argList = args.stream().map(arg -> "\"" + arg + "\"").collect(Collectors.joining(", "));
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkSessionJob
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  deploymentName: default
                  job:
                    jarURI: %s
                %s    args: [%s]
                    parallelism: %d
                    upgradeMode: savepoint
                """.formatted(name, namespace, jarURI, entryClass == null ? "" : "    entryClass: " + entryClass + "\n",
                argList, parallelism);
    }

    static String app(int i) {
        return "app-%04d".formatted(i);
    }

    static String file(int i) {
        return "apps/%02d/%s.yaml".formatted(i / 100, app(i));
    }

    /** A clock the harness moves forward, so readiness windows pass without waiting. */
    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static PlannerSettings settings() {
        TimingConfig timing = TimingConfig.DEFAULTS;
        return new PlannerSettings("default", "file:///savepoints", timing.retryBase(), timing.retryMax(),
                timing.savepointTimeout(), timing.maxAttempts(), false);
    }

    static Jars jars() {
        return new FakeJars();
    }
}
