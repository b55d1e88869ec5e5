package dev.flinkgitops.bench;

import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.FaultProxy;
import dev.flinkgitops.testing.GitServer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.flinkgitops.bench.UpgradeWorld.jobName;
import static dev.flinkgitops.bench.UpgradeWorld.tag;

/**
 * B9 (issue 11): a savepoint-guarded upgrade whose successor submit loses its answer. The daemon
 * reaches the real Flink cluster through a {@link FaultProxy} that forwards exactly the first
 * {@code POST /jars/:jar/run} after the upgrade's push (so Flink starts the new job) and then
 * resets the connection. The predecessor is already stopped: the app runs nothing until the
 * daemon learns that Flink runs its successor. Measured from the proxy's reset to the daemon
 * reporting the app RUNNING (its /metrics, polled every 5 ms); each run is checked afterwards:
 * one live job of the app in Flink, the one the status branch records, each key's count continued.
 */
final class LostAnswerBench {

    static final String APP = "b9";
    static final double TARGET_MS = 2000;
    private static final String RUN = "/jars/[^/]+/run";
    private static final Set<String> TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED");

    /**
     * One run (epoch ms differences): answer lost → the daemon reports RUNNING; how long before the
     * loss Flink stamped the new job RUNNING; and Flink's own start of it (INITIALIZING → RUNNING).
     */
    record Sample(double daemon, double flinkAhead, double flinkOwn) {}

    private final UpgradeWorld world;
    private final FlinkTimes times;

    private LostAnswerBench(UpgradeWorld world) {
        this.world = world;
        this.times = new FlinkTimes(world.flink().restUrl());
    }

    /** One warm-up run, then {@code runs} measured; {@code daemonJar} names the daemon jar in the notes. */
    static List<Bench.Row> run(Path dir, GitServer git, int runs, String daemonJar) throws Exception {
        log("B9: starting Flink and the daemon (through a fault proxy) with one app");
        try (UpgradeWorld world = UpgradeWorld.start(dir, git, List.of(APP), Map.of(), 4, true)) {
            LostAnswerBench bench = new LostAnswerBench(world);
            List<Sample> samples = new ArrayList<>();
            for (int generation = 1; generation <= runs + 1; generation++) {
                Sample sample = bench.upgrade(generation);
                log(String.format(java.util.Locale.ROOT, "B9 run %d%s: answer lost → daemon RUNNING %.0f ms; Flink had "
                        + "it RUNNING %.0f ms before the loss, INITIALIZING → RUNNING %.0f ms", generation, generation == 1 ? " (warm-up, not counted)" : "",
                        sample.daemon(), sample.flinkAhead(), sample.flinkOwn()));
                if (generation > 1) {
                    samples.add(sample);
                }
            }
            return List.of(row(samples, daemonJar));
        }
    }

    private Sample upgrade(int generation) {
        world.awaitSettled(Duration.ofMinutes(2));
        FaultProxy proxy = world.proxy();
        proxy.loseNextAnswer("POST", RUN);
        world.commit(List.of(APP), generation);
        world.webhook();
        // Before the loss the app shows RUNNING (the old job): only a report after the loss counts.
        ProcessProbe.msUntil(System.nanoTime(), Duration.ofMinutes(3), "the lost answer, then " + APP + " RUNNING in the daemon",
                () -> proxy.lostAt().isPresent() && world.settled());
        long known = System.currentTimeMillis();
        Instant lost = proxy.lostAt().orElseThrow();
        String next = onlyLiveJob(generation);
        Await.until(Duration.ofSeconds(30), "the status branch records job " + next + " for " + APP,
                () -> String.valueOf(world.statusRecord(APP)).contains(next));
        world.assertContinued(APP, tag(APP, generation - 1), tag(APP, generation));
        long running = Await.value(Duration.ofSeconds(15), next + " RUNNING", () -> positive(times.entered(next, "RUNNING")));
        long initializing = times.entered(next, "INITIALIZING");
        return new Sample(known - lost.toEpochMilli(), lost.toEpochMilli() - running, running - initializing);
    }

    /** The id of the app's one live job in Flink, which must be the new generation's and RUNNING. */
    private String onlyLiveJob(int generation) {
        String named = jobName(APP + ".v");
        String prefix = named.substring(0, named.length() - 1); // "... (b9.v", any generation
        List<FlinkTimes.Job> live = times.jobs().stream()
                .filter(job -> job.name().startsWith(prefix) && !TERMINAL.contains(job.state())).toList();
        String expected = jobName(tag(APP, generation));
        if (live.size() != 1 || !live.get(0).name().equals(expected) || !live.get(0).state().equals("RUNNING")) {
            throw new IllegalStateException("B9: expected one live job of " + APP + ", " + expected + " RUNNING; Flink has " + live);
        }
        return live.get(0).id();
    }

    private static Bench.Row row(List<Sample> samples, String daemonJar) {
        Stats daemon = Stats.of(samples.stream().map(Sample::daemon).toList());
        return new Bench.Row("B9", "a lost `jars/run` answer after the stop (Flink starts the successor, the proxy resets the "
                + "connection): answer lost → the daemon reports the new job RUNNING", "≤ 2 s", daemon.ms(),
                daemon.median() <= TARGET_MS,
                "from the proxy's reset of the connection (its clock) to the first 5 ms poll of the daemon's /metrics with the "
                        + "app RUNNING; the old job is stopped, so nothing of the app runs in the daemon's view meanwhile. Flink's own "
                        + "(new job INITIALIZING → RUNNING, its REST timestamps): "
                        + Stats.of(samples.stream().map(Sample::flinkOwn).toList()).ms()
                        + ", stamped RUNNING " + Stats.of(samples.stream().map(Sample::flinkAhead).toList()).ms()
                        + " before the answer was lost (Flink ran the job all along: the figure is the daemon learning it). "
                        + "Every run checked: one live job of "
                        + "the app in Flink, the one the status branch records; each key's count continued from the savepoint. "
                        + "A real Flink cluster in its own JVM, the daemon jar (" + daemonJar + ") through a FaultProxy, "
                        + "`git daemon`, the webhook sent at once after the push");
    }

    private static Long positive(long value) {
        return value > 0 ? value : null;
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
