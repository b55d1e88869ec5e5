package dev.flinkgitops.bench;

import dev.flinkgitops.flink.FlinkRestClient;
import dev.flinkgitops.port.RunRequest;
import dev.flinkgitops.port.SavepointStatus;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.GitServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static dev.flinkgitops.bench.UpgradeWorld.jobName;
import static dev.flinkgitops.bench.UpgradeWorld.tag;

/**
 * B4-B6 and B8 on a real Flink cluster with the example counter job (keyed state): the daemon's
 * savepoint-guarded upgrade against Flink's own stop-with-savepoint + restore time, against the
 * Flink CLI doing the same by hand, for one app and for 20 in one commit; and how soon after a
 * push the daemon acts. Every upgrade is checked to have continued each key's count.
 */
final class UpgradeBench {

    static final String ENTRY_CLASS = "dev.flinkgitops.example.CounterJob";
    static final String ONE = "b4";
    /** The same upgrade with about 100 MB of keyed state (2,000 keys × 50 KB). */
    static final String LARGE = "b4-large";
    static final UpgradeWorld.Shape LARGE_SHAPE = new UpgradeWorld.Shape(2000, 1000, 50_000);
    static final List<String> TWENTY = IntStream.range(0, 20).mapToObj(i -> "b6-%02d".formatted(i)).toList();
    static final List<String> CLI_TWENTY = IntStream.range(0, 20).mapToObj(i -> "cli-%02d".formatted(i)).toList();
    static final String DIRECT = "direct";
    static final String CLI_ONE = "cli";
    static final Duration POLL_INTERVAL = Duration.ofSeconds(10);

    private final UpgradeWorld world;
    private final FlinkTimes times;
    private final FlinkRestClient rest;
    private final FlinkCli cli;
    private final String jarId;
    private final String savepointDir;
    private final UpgradeSamples samples = new UpgradeSamples();
    private final Map<String, String> manualJobs = new LinkedHashMap<>();

    private UpgradeBench(UpgradeWorld world, Path dir, Path jobJar) throws java.io.IOException {
        this.world = world;
        this.times = new FlinkTimes(world.flink().restUrl());
        this.rest = new FlinkRestClient(world.flink().restUrl(), Duration.ofSeconds(60));
        this.cli = new FlinkCli(dir, world.flink().restUrl(), jobJar);
        this.jarId = rest.uploadJar(jobJar);
        this.savepointDir = dir.resolve("manual-savepoints").toUri().toString();
    }

    /** Runs {@code runs} measured rounds after one warm-up round; returns the table's rows. */
    static List<Bench.Row> run(Path dir, GitServer git, Path jobJar, int runs) throws Exception {
        List<String> daemonApps = new ArrayList<>(List.of(ONE, LARGE));
        daemonApps.addAll(TWENTY);
        int slots = daemonApps.size() + 2 + CLI_TWENTY.size() + 4;
        log("starting Flink (" + slots + " slots) and the daemon with " + daemonApps.size() + " apps");
        try (UpgradeWorld world = UpgradeWorld.start(dir, git, daemonApps, Map.of(LARGE, LARGE_SHAPE), slots)) {
            UpgradeBench bench = new UpgradeBench(world, dir, jobJar);
            bench.startManualJobs();
            for (int round = 1; round <= runs + 1; round++) {
                bench.round(round, round > 1);
            }
            bench.polling(runs, runs + 1);
            return bench.samples.rows(POLL_INTERVAL);
        }
    }

    private void round(int generation, boolean measured) {
        log("round " + generation + (measured ? "" : " (warm-up, not counted)"));
        UpgradeSamples.Round round = new UpgradeSamples.Round();
        round.daemonOne = daemonUpgrade(List.of(ONE), generation, true);
        round.daemonLarge = daemonUpgrade(List.of(LARGE), generation, true);
        round.direct = directUpgrade(generation);
        round.cliOne = cliUpgrade(List.of(CLI_ONE), generation);
        round.daemonTwenty = daemonUpgrade(TWENTY, generation, true);
        round.cliTwenty = cliUpgrade(CLI_TWENTY, generation);
        log(round.toString());
        if (measured) {
            samples.add(round);
        }
    }

    /** Commits the apps at {@code generation}, pushes, optionally sends the webhook, and waits for the new jobs. */
    private UpgradeSamples.Upgrade daemonUpgrade(List<String> apps, int generation, boolean webhook) {
        Map<String, String> before = jobIds(apps, generation - 1);
        world.commit(apps, generation);
        long pushed = System.currentTimeMillis();
        if (webhook) {
            world.webhook();
        }
        Map<String, String> after = awaitJobs(apps, generation, Duration.ofMinutes(2));
        UpgradeSamples.Upgrade upgrade = upgrade(pushed, before, after);
        world.awaitSettled(Duration.ofMinutes(1));
        apps.forEach(app -> world.assertContinued(app, tag(app, generation - 1), tag(app, generation)));
        return upgrade;
    }

    /** The fastest a REST client can do it: trigger, poll the savepoint every 2 ms, submit at once. */
    private UpgradeSamples.Upgrade directUpgrade(int generation) {
        String old = manualJobs.get(DIRECT);
        long start = System.currentTimeMillis();
        String trigger = UUID.randomUUID().toString().replace("-", "");
        rest.stopWithSavepoint(old, savepointDir, trigger);
        SavepointStatus status;
        while ((status = rest.savepointStatus(old, trigger)).kind() == SavepointStatus.Kind.IN_PROGRESS) {
            LockSupport.parkNanos(2_000_000);
        }
        if (status.kind() != SavepointStatus.Kind.COMPLETED) {
            throw new IllegalStateException("direct stop-with-savepoint of " + old + ": " + status);
        }
        String next = rest.runJar(jarId, request(DIRECT, generation, status.location()));
        manualJobs.put(DIRECT, next);
        awaitJobs(List.of(DIRECT), generation, Duration.ofMinutes(1));
        world.assertContinued(DIRECT, tag(DIRECT, generation - 1), tag(DIRECT, generation));
        return upgrade(start, Map.of(DIRECT, old), Map.of(DIRECT, next));
    }

    /** {@code flink stop --savepointPath}, then {@code flink run -s}, app after app. */
    private UpgradeSamples.Upgrade cliUpgrade(List<String> apps, int generation) {
        Map<String, String> before = new LinkedHashMap<>();
        Map<String, String> after = new LinkedHashMap<>();
        long start = System.currentTimeMillis();
        for (String app : apps) {
            before.put(app, manualJobs.get(app));
            String savepoint = cli.stop(manualJobs.get(app), savepointDir);
            String next = cli.runFrom(savepoint, world.jobArgs(app, tag(app, generation)));
            manualJobs.put(app, next);
            after.put(app, next);
        }
        awaitJobs(apps, generation, Duration.ofMinutes(1));
        apps.forEach(app -> world.assertContinued(app, tag(app, generation - 1), tag(app, generation)));
        return upgrade(start, before, after);
    }

    /** B8 without the webhook: pushes spread over the poll interval's phases; first action = the stop's trigger. */
    private void polling(int runs, int lastGeneration) {
        for (int i = 0; i < runs; i++) {
            world.awaitSettled(Duration.ofMinutes(1));
            int generation = lastGeneration + 1 + i;
            long lastTick = world.lastTickMillis();
            long pushAt = lastTick + POLL_INTERVAL.toMillis() * (2L * i + 1) / (2L * runs);
            long wait = pushAt - System.currentTimeMillis();
            if (wait > 0) {
                LockSupport.parkNanos(wait * 1_000_000); // the scenario's input: when the commit lands in the poll cycle
            }
            Map<String, String> before = jobIds(List.of(ONE), generation - 1);
            world.commit(List.of(ONE), generation);
            long pushed = System.currentTimeMillis();
            Map<String, String> after = awaitJobs(List.of(ONE), generation, POLL_INTERVAL.multipliedBy(3));
            samples.addPolling(upgrade(pushed, before, after), pushed - lastTick);
            log("B8 polling run " + (i + 1) + ": pushed " + (pushed - lastTick) + " ms after the daemon's last tick");
        }
    }

    private void startManualJobs() {
        List<String> apps = new ArrayList<>(List.of(DIRECT, CLI_ONE));
        apps.addAll(CLI_TWENTY);
        apps.forEach(app -> manualJobs.put(app, rest.runJar(jarId, request(app, 0, null))));
        awaitJobs(apps, 0, Duration.ofMinutes(2));
    }

    private RunRequest request(String app, int generation, String savepoint) {
        return new RunRequest(ENTRY_CLASS, 1, world.jobArgs(app, tag(app, generation)), savepoint, false,
                UUID.randomUUID().toString().replace("-", ""), Map.of());
    }

    private Map<String, String> jobIds(List<String> apps, int generation) {
        Map<String, FlinkTimes.Job> running = times.running();
        Map<String, String> ids = new LinkedHashMap<>();
        for (String app : apps) {
            FlinkTimes.Job job = running.get(jobName(tag(app, generation)));
            if (job == null) {
                throw new IllegalStateException("no RUNNING job " + jobName(tag(app, generation)) + " among " + running.keySet());
            }
            ids.put(app, job.id());
        }
        return ids;
    }

    private Map<String, String> awaitJobs(List<String> apps, int generation, Duration timeout) {
        return Await.value(timeout, apps.size() + " job(s) RUNNING at generation " + generation, () -> {
            Map<String, FlinkTimes.Job> running = times.running();
            boolean all = apps.stream().allMatch(app -> running.containsKey(jobName(tag(app, generation))));
            return all ? jobIdsFrom(running, apps, generation) : null;
        });
    }

    private static Map<String, String> jobIdsFrom(Map<String, FlinkTimes.Job> running, List<String> apps, int generation) {
        Map<String, String> ids = new LinkedHashMap<>();
        apps.forEach(app -> ids.put(app, running.get(jobName(tag(app, generation))).id()));
        return ids;
    }

    /** Flink's timestamps of an upgrade of each app from {@code before} to {@code after}, started at {@code start}. */
    private UpgradeSamples.Upgrade upgrade(long start, Map<String, String> before, Map<String, String> after) {
        List<UpgradeSamples.Steps> steps = new ArrayList<>();
        for (String app : before.keySet()) {
            String old = before.get(app);
            String next = after.get(app);
            // GET /jobs/:id is cached by Flink for a few seconds: wait for the answer that has the state.
            long finished = Await.value(Duration.ofSeconds(15), old + " FINISHED", () -> positive(times.entered(old, "FINISHED")));
            long running = Await.value(Duration.ofSeconds(15), next + " RUNNING", () -> positive(times.entered(next, "RUNNING")));
            steps.add(new UpgradeSamples.Steps(times.savepointTriggered(old), finished,
                    times.entered(next, "INITIALIZING"), running));
        }
        return new UpgradeSamples.Upgrade(start, steps);
    }

    private static Long positive(long value) {
        return value > 0 ? value : null;
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
