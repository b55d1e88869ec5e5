package dev.flinkgitops.daemon;

import dev.flinkgitops.daemon.KillFleet.App;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.DaemonProcess;
import dev.flinkgitops.testing.ExampleJob;
import dev.flinkgitops.testing.FlinkGitWorld;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.SpecRepo;
import dev.flinkgitops.testing.StatusHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static dev.flinkgitops.daemon.KillFleet.APPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: the daemon killed with SIGKILL at random moments of upgrades, suspends and resumes,
 * not only at the named crash points of {@link CrashMatrixIT}. The daemon jar runs as a child JVM
 * ({@link DaemonProcess}) against one Flink cluster in this JVM, with two apps of the example
 * counter job ({@link KillFleet}: {@code alpha} {@code savepoint}, {@code beta} {@code last-state}).
 * Each iteration pushes a change (new tags; now and then a suspend or a resume), starts the daemon
 * if none runs, waits for a moment drawn from the seed (at once, once the change has settled, or,
 * mostly, a delay after the push, or after the daemon is up, of up to {@value #DELAY_SPAN} times a
 * measured upgrade)
 * and kills the daemon; it is restarted at once or on the next iteration. At the end one daemon
 * must settle every app at its last change within {@link #CONVERGE_BOUND}, and the fault suite's
 * invariants ({@link FaultInvariants}) must hold: exactly one job per running app in Flink (read
 * directly), every counter continued, no job started from empty state once a snapshot was recorded.
 *
 * <p>{@code -Dkills.seed=N} replays a run's draws (the seed is printed; the timing of what the
 * daemon does still varies); {@code -Dkills.iterations=N} runs longer (default
 * {@value #DEFAULT_ITERATIONS}).
 */
class RandomKillIT {

    private static final int DEFAULT_ITERATIONS = 20;
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    /**
     * The stated bound: from the last kill (the last daemon starts then, or a moment later) to every
     * app settled at its last change.
     */
    static final Duration CONVERGE_BOUND = Duration.ofSeconds(60);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
    /** How long a kill "after convergence" waits for it before killing anyway. */
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(30);
    /** The delays are drawn from 0 to this multiple of the measured upgrade. */
    private static final double DELAY_SPAN = 1.25;
    /** Ticks the last daemon must run once everything has settled, before the invariants are read. */
    private static final int SETTLED_TICKS = 3;
    private static final String TICKS = "flinkgitops_ticks_total";

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    private final Map<String, Map<String, Integer>> killsByPhase = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private long seed;
    private Random draws;
    private Path dir;
    private SpecRepo specs;
    private KillFleet fleet;
    private StatusHistory status;
    private List<String> daemonArgs;
    private DaemonProcess daemon;
    private long lastKillAt;
    private boolean killed;
    private int started;

    @Test
    void killedAtRandomMomentsTheDaemonEndsWithOneJobPerAppAndEveryCounterContinued() throws Exception {
        seed = Long.getLong("kills.seed", new Random().nextLong());
        int iterations = Integer.getInteger("kills.iterations", DEFAULT_ITERATIONS);
        System.out.println("[kills] seed " + seed + " (replay with -Dkills.seed=" + seed + "), iterations " + iterations);
        draws = new Random(seed);
        long start = System.nanoTime();
        prepare();
        try {
            fleet.upgrade(APPS, "v1 of every app");
            startDaemon();
            awaitSettled(START_WAIT, "the first deploy");
            Await.until(START_WAIT, "counts for every key of every app" + seedText(), fleet::counted);
            Map<App, Duration> upgrade = measureUpgrade();
            for (int i = 1; i <= iterations; i++) {
                iteration(i, upgrade);
            }
            String convergence = converge();
            daemon.destroy();
            violations.addAll(invariants());
            summary(iterations, convergence, seconds(start));
            assertEquals(List.of(), violations, "invariant violations after random kills" + seedText());
        } finally {
            if (daemon != null) {
                daemon.destroy();
            }
            specs.close();
            WORLD.world().cancelAll();
        }
    }

    private void prepare() throws IOException {
        FlinkGitWorld world = WORLD.world();
        dir = Files.createDirectories(WORLD.root().resolve("kills"));
        String url = world.git().createRepository("kills.git");
        status = new StatusHistory(world.git().path("kills.git"), "status");
        Path jars = Files.createDirectories(dir.resolve("jars"));
        Files.copy(ExampleJob.jar(), jars.resolve(ExampleJob.JAR_NAME));
        daemonArgs = List.of("run", "--http", "127.0.0.1:0", "--repo", url, "--cluster", "default=" + world.cluster().restUrl(),
                "--savepoint-dir", dir.resolve("savepoints").toUri().toString(), "--jar-dir", jars.toString(),
                "--work-dir", dir.resolve("work").toString(), "--interval", "1s", "--fast-interval", "100ms");
        specs = SpecRepo.create(dir.resolve("specs"), url);
        fleet = new KillFleet(specs, dir.resolve("output"));
        APPS.forEach(app -> killsByPhase.put(app.name(), new TreeMap<>()));
    }

    /**
     * How long an upgrade of each app takes here with a daemon running: from the push to the app
     * settled (a poll of git, the stop, the start, and the new job ready).
     */
    private Map<App, Duration> measureUpgrade() {
        Map<App, Duration> took = new TreeMap<>(Comparator.comparing(App::name));
        for (App app : APPS) {
            long from = System.nanoTime();
            fleet.upgrade(List.of(app), "the measured upgrade of " + app.name());
            awaitSettled(START_WAIT, "the measured upgrade of " + app.name());
            took.put(app, Duration.ofNanos(System.nanoTime() - from));
        }
        System.out.printf("[kills] an upgrade takes %s here; kill delays are drawn from 0 to %.2f times the longest of the"
                + " apps changed, counted from the push or, when the daemon starts after it, from the daemon being up%n",
                took.entrySet().stream().map(e -> String.format("%.1f s for %s (%s)", e.getValue().toMillis() / 1e3,
                        e.getKey().name(), e.getKey().mode())).collect(Collectors.joining(", ")), DELAY_SPAN);
        return took;
    }

    private void iteration(int i, Map<App, Duration> upgrade) throws InterruptedException {
        KillFleet.Change change = fleet.pushChange(i, draws);
        boolean cold = daemon == null || !daemon.alive();
        ensureDaemon();
        String moment = awaitTheMoment(change.apps().stream().map(upgrade::get).max(Comparator.naturalOrder()).orElseThrow());
        String phases = APPS.stream().map(app -> app.name() + " " + countPhase(app)).collect(Collectors.joining(", "));
        String name = daemon.name();
        kill();
        boolean restartNow = draws.nextBoolean();
        if (restartNow) {
            startDaemon();
        }
        System.out.printf("[kills] #%d %s | %s %s (started %s), status: %s | restart %s%n", i, change.text(), name, moment,
                cold ? "after the push" : "before", phases, restartNow ? "now" : "on the next iteration");
    }

    /**
     * Waits for the kill's moment, drawn from the seed: at once (10 %: the daemon may still be
     * starting), once the change has settled (10 %), or a delay after the push (after the daemon is
     * up, when it was started after the push); says which.
     */
    private String awaitTheMoment(Duration upgrade) throws InterruptedException {
        double kind = draws.nextDouble();
        long delay = (long) (draws.nextDouble() * DELAY_SPAN * upgrade.toMillis());
        if (kind < 0.1) {
            return "killed at once";
        }
        if (kind < 0.2) {
            return settledWithin(SETTLE_WAIT) ? "killed after convergence"
                    : "killed unconverged after " + SETTLE_WAIT.toSeconds() + " s";
        }
        awaitUp();
        // The kill's moment, drawn from the seed: a pause on purpose, not a wait for a condition.
        Thread.sleep(delay);
        return "killed " + delay + " ms after the push (or its start)";
    }

    /** What the status branch shows for the app at the moment of a kill; counted for the summary. */
    private String countPhase(App app) {
        String phase = status.current(app.statusFile()).map(s -> fleet.phase(app, s)).orElse("(no status)");
        killsByPhase.get(app.name()).merge(phase, 1, Integer::sum);
        return phase;
    }

    private void kill() {
        boolean alive = daemon.alive();
        OptionalInt exit = daemon.kill(EXIT_WAIT);
        killed = true;
        lastKillAt = System.nanoTime();
        assertTrue(exit.isPresent(), daemon.name() + " did not end within " + EXIT_WAIT + " of SIGKILL" + seedText());
        if (!alive) {
            violations.add(daemon.name() + " had exited by itself (code " + exit.getAsInt() + ") before its kill\n"
                    + daemon.tail(15));
        }
    }

    /** Until the daemon says its HTTP port listens (it then starts ticking), or has ended. */
    private void awaitUp() {
        Await.until(START_WAIT, daemon.name() + " up" + seedText(), () -> daemon.up() || !daemon.alive());
    }

    private void startDaemon() {
        daemon = DaemonProcess.start("d" + started++, dir.resolve("logs"), null, daemonArgs);
        killed = false;
    }

    private void ensureDaemon() {
        if (daemon != null && !daemon.alive() && !killed) {
            violations.add(daemon.name() + " exited by itself (code " + daemon.waitForExit(EXIT_WAIT) + ")\n" + daemon.tail(15));
        }
        if (daemon == null || !daemon.alive()) {
            startDaemon();
        }
    }

    /**
     * The last daemon (started now, unless the last kill already restarted it) must settle every app
     * within the bound of the last kill; then it runs a few more ticks, and every running app counts
     * under its last tag.
     * Says how long it took and what the daemon's metrics counted.
     */
    private String converge() {
        ensureDaemon();
        if (!settledWithin(CONVERGE_BOUND.minusNanos(System.nanoTime() - lastKillAt))) {
            violations.add("not converged within " + CONVERGE_BOUND.toSeconds() + " s of the last kill; expected "
                    + fleet.expected() + ", the status branch has:\n" + statusTexts() + "\n" + daemon.tail(30));
            return "NOT converged within " + CONVERGE_BOUND.toSeconds() + " s";
        }
        String convergence = String.format("converged %.1f s after the last kill (bound %d s)", seconds(lastKillAt),
                CONVERGE_BOUND.toSeconds());
        double ticks = Await.value(START_WAIT, daemon.name() + "'s tick count" + seedText(), () -> boxed(daemon.metric(TICKS)));
        Await.until(START_WAIT, SETTLED_TICKS + " more ticks of " + daemon.name() + seedText(),
                () -> daemon.metric(TICKS).orElse(0) >= ticks + SETTLED_TICKS);
        Await.until(START_WAIT, "counts under the last tag for every key of every running app" + seedText(), fleet::counted);
        return convergence + String.format(", last daemon: %.0f strays stopped, %.0f answers distrusted",
                daemon.metric("flinkgitops_stray_jobs_total").orElse(Double.NaN),
                daemon.metric("flinkgitops_flink_answers_distrusted_total").orElse(Double.NaN));
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private boolean settledWithin(Duration bound) {
        try {
            awaitSettled(bound, "every app settled");
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private void awaitSettled(Duration bound, String what) {
        try {
            Await.until(bound, what + seedText(), () -> APPS.stream()
                    .allMatch(app -> status.current(app.statusFile()).filter(s -> fleet.settled(app, s)).isPresent()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; expected " + fleet.expected() + ", the status branch has:\n"
                    + statusTexts() + "\n" + daemon.tail(30), e);
        }
    }

    private String statusTexts() {
        return APPS.stream().map(app -> status.currentText(app.statusFile()).orElse(app.name() + ": (no status)"))
                .collect(Collectors.joining("\n"));
    }

    private List<String> invariants() {
        List<JobSummary> jobs = WORLD.world().flink().listJobs();
        Map<String, AppStatus> recorded = new TreeMap<>();
        APPS.forEach(app -> recorded.put(app.name(), status.current(app.statusFile()).orElse(null)));
        List<String> found = new ArrayList<>(FaultInvariants.oneJobPerApp(jobs, recorded, fleet.running()));
        for (App app : APPS) {
            found.addAll(FaultInvariants.countersContinued(app.name(), app.lastState(), fleet.tags(app),
                    CounterOutput.lines(fleet.output(app))));
            found.addAll(FaultInvariants.noEmptyStartAfterASnapshot(app.name(), status.versions(app.statusFile())));
        }
        return found;
    }

    private void summary(int iterations, String convergence, double total) {
        StringBuilder out = new StringBuilder();
        violations.stream().limit(25).forEach(v -> out.append("[kills] VIOLATION ").append(v).append('\n'));
        if (!violations.isEmpty()) {
            APPS.forEach(app -> out.append("[kills] status history of ").append(app.name()).append(":\n")
                    .append(history(app)));
        }
        Map<String, Map<String, Long>> operations = new TreeMap<>();
        APPS.forEach(app -> operations.put(app.name(), operations(app)));
        out.append(String.format("[kills] SUMMARY seed=%d iterations=%d kills by phase %s operations by type:mode %s"
                + " violations=%d %s; total %.0f s%n", seed, iterations, killsByPhase, operations, violations.size(),
                convergence, total));
        System.out.print(out);
    }

    /** The app's operations on the status branch (each once, by its start time), counted by type and mode. */
    private Map<String, Long> operations(App app) {
        return status.versions(app.statusFile()).stream().map(AppStatus::operation).filter(Objects::nonNull)
                .collect(Collectors.toMap(OperationRecord::startedAt, o -> o.type() + ":" + o.mode(), (a, b) -> a))
                .values().stream().collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting()));
    }

    /** One line per version of the app's status, for a failure's report. */
    private String history(App app) {
        StringBuilder out = new StringBuilder();
        for (AppStatus s : status.versions(app.statusFile())) {
            out.append("[kills]   ").append(s.specCommit() == null ? "-" : s.specCommit().substring(0, 8)).append(' ')
                    .append(s.phase()).append(s.operation() == null ? "" : " " + s.operation().type() + ":"
                            + s.operation().step() + " from " + s.operation().fromJobId())
                    .append(s.job() == null ? "" : " job " + s.job().id() + " gen " + s.job().generation() + " restored from "
                            + s.job().restoredFrom())
                    .append(s.lastError() == null ? "" : " error: " + s.lastError().message()).append('\n');
        }
        return out.toString();
    }

    private String seedText() {
        return " (seed " + seed + ", replay with -Dkills.seed=" + seed + ")";
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
