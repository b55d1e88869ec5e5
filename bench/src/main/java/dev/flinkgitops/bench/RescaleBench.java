package dev.flinkgitops.bench;

import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.GitServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import static dev.flinkgitops.bench.UpgradeWorld.jobName;
import static dev.flinkgitops.bench.UpgradeWorld.tag;

/**
 * B10 (issue 15): a change of {@code job.parallelism} alone (1 → 2, then 2 → 1, ...), both paths, each on a real
 * Flink cluster of its own: with the adaptive scheduler the daemon rescales the running job in place
 * ({@code PUT /jobs/:id/resource-requirements}); with Flink's default scheduler it makes the savepoint upgrade. Per
 * run: push done → Flink runs the app's job with every task RUNNING at the new parallelism ({@code /jobs/overview},
 * polled every 5 ms); push done → the daemon reports the app RUNNING (its /metrics); and the job's downtime, the
 * longest pause in its output around the change (last record before → first record after: the harness watches the
 * output files' sizes every millisecond). Each run is checked: the same job id in place, a new one through the
 * savepoint; no key's count starts again at 1 (the state continued).
 */
final class RescaleBench {

    static final String APP = "b10";
    private static final Set<String> TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED");

    /** One run (ms): to Flink running at the new parallelism, to the daemon reporting RUNNING, the output's pause. */
    record Sample(double running, double daemon, double downtime) {}

    private final UpgradeWorld world;
    private final FlinkTimes times;
    private final boolean adaptive;

    private RescaleBench(UpgradeWorld world, boolean adaptive) {
        this.world = world;
        this.times = new FlinkTimes(world.flink().restUrl());
        this.adaptive = adaptive;
    }

    static List<Bench.Row> run(Path dir, GitServer git, int runs) throws Exception {
        List<Bench.Row> rows = new ArrayList<>();
        Map<Boolean, List<Sample>> byPath = new HashMap<>();
        for (boolean adaptive : new boolean[] {true, false}) {
            String path = adaptive ? "adaptive" : "default";
            log("B10: starting Flink (" + path + " scheduler) and the daemon with one app at parallelism 1");
            try (UpgradeWorld world = UpgradeWorld.rescaling(dir.resolve(path), git, List.of(APP), 4, adaptive)) {
                RescaleBench bench = new RescaleBench(world, adaptive);
                List<Sample> samples = new ArrayList<>();
                for (int run = 0; run <= runs; run++) {
                    int parallelism = run % 2 == 0 ? 2 : 1;
                    Sample sample = bench.rescale(parallelism);
                    log(String.format(java.util.Locale.ROOT, "B10 %s run %d%s: → parallelism %d: Flink running %.0f ms,"
                            + " daemon RUNNING %.0f ms, output paused %.0f ms", path, run,
                            run == 0 ? " (warm-up, not counted)" : "", parallelism, sample.running(), sample.daemon(),
                            sample.downtime()));
                    if (run > 0) {
                        samples.add(sample);
                    }
                }
                byPath.put(adaptive, samples);
            }
        }
        rows.add(row(true, byPath.get(true), byPath.get(false)));
        rows.add(row(false, byPath.get(false), byPath.get(true)));
        return rows;
    }

    private Sample rescale(int parallelism) {
        world.awaitSettled(Duration.ofMinutes(3));
        FlinkTimes.Job before = liveJob();
        // A stateful job is rescaled in place only from a completed checkpoint (else the daemon upgrades it through a
        // savepoint): both paths start from one, so that they differ only in the scheduler.
        Await.until(Duration.ofSeconds(30), "a completed checkpoint of " + before.id(),
                () -> times.completedCheckpoints(before.id()) > 0);
        int previous = parallelism == 2 ? 1 : 2;
        int vertices = before.total() / previous;
        try (OutputWatch watch = OutputWatch.start(world.output(APP))) {
            world.commitParallelism(APP, parallelism);
            world.webhook();
            long pushed = System.nanoTime();
            double running = ProcessProbe.msUntil(pushed, Duration.ofMinutes(3), APP + " RUNNING at parallelism " + parallelism,
                    () -> runsAt(vertices * parallelism));
            double daemon = ProcessProbe.msUntil(pushed, Duration.ofMinutes(3), APP + " RUNNING in the daemon", world::settled);
            long ranAt = pushed + (long) (running * 1e6);
            Await.until(Duration.ofSeconds(30), "output for a second after the change",
                    () -> watch.lastGrowth() > ranAt + Duration.ofSeconds(1).toNanos());
            double downtime = Bench.ms(watch.longestPause(pushed));
            FlinkTimes.Job after = liveJob();
            if (adaptive != after.id().equals(before.id())) {
                throw new IllegalStateException("B10: expected " + (adaptive ? "the same job (in place)" : "a new job (savepoint)")
                        + ", was " + before.id() + " then " + after.id());
            }
            assertNoCountStartedAgain();
            return new Sample(running, daemon, downtime);
        }
    }

    /** Whether the app's live job is RUNNING with all {@code tasks} tasks RUNNING (the new parallelism's count). */
    private boolean runsAt(int tasks) {
        FlinkTimes.Job job = liveJobOrNull();
        return job != null && job.state().equals("RUNNING") && job.total() == tasks && job.running() == tasks;
    }

    private FlinkTimes.Job liveJob() {
        FlinkTimes.Job job = liveJobOrNull();
        if (job == null) {
            throw new IllegalStateException("B10: no live job of " + APP + " in Flink: " + times.jobs());
        }
        return job;
    }

    private FlinkTimes.Job liveJobOrNull() {
        List<FlinkTimes.Job> live = times.jobs().stream()
                .filter(job -> job.name().equals(jobName(tag(APP, 0))) && !TERMINAL.contains(job.state())).toList();
        if (live.size() > 1) {
            throw new IllegalStateException("B10: two live jobs of " + APP + ": " + live);
        }
        return live.isEmpty() ? null : live.get(0);
    }

    /** The state continued: each key counted 1 once (a lost state would count 1 again). */
    private void assertNoCountStartedAgain() {
        Map<String, Integer> ones = new HashMap<>();
        CounterOutput.lines(world.output(APP)).stream().filter(line -> line.count() == 1)
                .forEach(line -> ones.merge(line.key(), 1, Integer::sum));
        ones.forEach((key, count) -> {
            if (count != 1) {
                throw new IllegalStateException("B10: " + key + " counted 1 " + count + " times: its state was lost");
            }
        });
    }

    private static Bench.Row row(boolean adaptive, List<Sample> samples, List<Sample> other) {
        Stats running = Stats.of(samples.stream().map(Sample::running).toList());
        Stats downtime = Stats.of(samples.stream().map(Sample::downtime).toList());
        Stats daemon = Stats.of(samples.stream().map(Sample::daemon).toList());
        String scenario = adaptive
                ? "a change of job.parallelism alone (1 ↔ 2), adaptive scheduler: rescale in place; push done → Flink runs"
                        + " the job at the new parallelism"
                : "same, Flink's default scheduler: savepoint upgrade; push done → the new job runs at the new parallelism";
        String notes = "the job's downtime (its output's longest pause around the change, last record before → first"
                + " record after, files watched every 1 ms): " + downtime.ms() + "; push done → the daemon reports the app"
                + " RUNNING: " + daemon.ms() + (adaptive ? " (it reads the parallelism from `GET /jobs/:id`, which Flink"
                + " caches for web.refresh-interval, 3 s)" : "") + ". Every run checked: "
                + (adaptive ? "the same job id" : "a new job restored from the savepoint")
                + ", and no key counted from 1 again. The example job at 50 records/s, checkpoints every 1 s, 4 slots;"
                + " a real Flink cluster in its own JVM (" + (adaptive ? "jobmanager.scheduler: adaptive, no cool-down"
                : "default scheduler") + "), the daemon jar, `git daemon`, the webhook sent at once after the push";
        return new Bench.Row("B10", scenario, "report", running.ms(), true, notes);
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }

    /** Watches the total size of a directory's {@code counts-*.txt} files every millisecond, noting when it grows. */
    static final class OutputWatch implements AutoCloseable {

        private final Path dir;
        private final List<Long> growths = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean stop;

        private OutputWatch(Path dir) {
            this.dir = dir;
            this.thread = new Thread(this::watch, "b10-output-watch");
            this.thread.setDaemon(true);
        }

        static OutputWatch start(Path dir) {
            OutputWatch watch = new OutputWatch(dir);
            watch.thread.start();
            return watch;
        }

        private void watch() {
            long last = size();
            while (!stop) {
                long now = size();
                if (now > last) {
                    growths.add(System.nanoTime());
                    last = now;
                }
                LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
            }
        }

        private long size() {
            long total = 0;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "counts-*.txt")) {
                for (Path file : files) {
                    try {
                        total += Files.size(file);
                    } catch (java.nio.file.NoSuchFileException e) {
                        // gone between the listing and the size
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
            return total;
        }

        long lastGrowth() {
            synchronized (growths) {
                return growths.isEmpty() ? 0 : growths.get(growths.size() - 1);
            }
        }

        /** The longest time between two growths of the output from the last one before {@code since} on (ns). */
        long longestPause(long since) {
            synchronized (growths) {
                long longest = 0;
                long previous = 0;
                for (long growth : growths) {
                    if (previous != 0 && growth > since) {
                        longest = Math.max(longest, growth - previous);
                    }
                    previous = growth;
                }
                return longest;
            }
        }

        @Override
        public void close() {
            stop = true;
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
