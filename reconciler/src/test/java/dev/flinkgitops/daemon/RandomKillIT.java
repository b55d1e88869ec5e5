package dev.flinkgitops.daemon;

import dev.flinkgitops.flink.JobSummary;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11: the daemon killed with SIGKILL at random moments of upgrades, suspends and resumes,
 * not only at the named crash points of {@link CrashMatrixIT}. The daemon jar runs as a child JVM
 * ({@link DaemonProcess}) against one Flink cluster in this JVM, with two apps of the example
 * counter job ({@code alpha}: {@code savepoint}, {@code beta}: {@code last-state}). Each iteration
 * pushes a change (new tags; now and then a suspend or a resume), starts the daemon if none runs,
 * waits for a moment drawn from the seed (at once, after a delay of up to
 * {@value #DELAY_SPAN} times a measured upgrade, or once the change has settled) and kills the
 * daemon; it is restarted at once or on the next iteration. At the end one daemon must settle
 * every app at its last change within {@link #CONVERGE_BOUND}, and the fault suite's invariants
 * ({@link FaultInvariants}) must hold: exactly one job per running app in Flink (read directly),
 * every counter continued, no job started from empty state once a snapshot was recorded.
 *
 * <p>{@code -Dkills.seed=N} replays a run's draws (the seed is printed; the timing of what the
 * daemon does still varies); {@code -Dkills.iterations=N} runs longer (default
 * {@value #DEFAULT_ITERATIONS}).
 */
class RandomKillIT {

    private static final int DEFAULT_ITERATIONS = 20;
    private static final int KEYS = 4;
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    /** The stated bound: from the last daemon's start to every app settled at its last change. */
    static final Duration CONVERGE_BOUND = Duration.ofSeconds(60);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
    /** How long a kill "after convergence" waits for it before killing anyway. */
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(30);
    /** The delays are drawn from 0 to this multiple of the measured upgrade. */
    private static final double DELAY_SPAN = 1.25;

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    private record App(String name, String mode) {
        String file() {
            return "apps/kills/" + name + ".yaml";
        }

        String statusFile() {
            return "kills/" + name + ".yaml";
        }
    }

    private static final List<App> APPS = List.of(new App("alpha", "savepoint"), new App("beta", "last-state"));

    private final Map<App, List<String>> tags = new LinkedHashMap<>();
    private final Map<App, Boolean> suspended = new HashMap<>();
    /** The commit of each app's last change: its status's specCommit once settled. */
    private final Map<App, String> changedAt = new HashMap<>();
    private final Map<String, Map<String, Integer>> killsByPhase = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private long seed;
    private Random draws;
    private Path dir;
    private SpecRepo specs;
    private StatusHistory status;
    private List<String> daemonArgs;
    private DaemonProcess daemon;
    private long daemonStartedAt;
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
            deployFirstVersion();
            Duration upgrade = measureUpgrade();
            for (int i = 1; i <= iterations; i++) {
                iteration(i, upgrade);
            }
            double convergence = converge();
            daemon.destroy();
            violations.addAll(invariants());
            summary(iterations, upgrade, convergence, seconds(start));
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
        APPS.forEach(app -> {
            tags.put(app, new ArrayList<>());
            suspended.put(app, false);
            killsByPhase.put(app.name(), new TreeMap<>());
        });
    }

    /** Both apps at v1, settled, every key counted; the daemon that did it keeps running. */
    private void deployFirstVersion() {
        APPS.forEach(this::upgrade);
        push(APPS, "v1 of every app");
        startDaemon();
        awaitSettled(START_WAIT, "the first deploy");
        Await.until(START_WAIT, "counts for every key of every app" + seedText(), this::countedUnderLastTags);
    }

    /** How long an upgrade of both apps takes from a daemon's cold start, as the iterations do it. */
    private Duration measureUpgrade() {
        daemon.destroy();
        APPS.forEach(this::upgrade);
        push(APPS, "the measured upgrade");
        long from = System.nanoTime();
        startDaemon();
        awaitSettled(START_WAIT, "the measured upgrade");
        Duration upgrade = Duration.ofNanos(System.nanoTime() - from);
        System.out.printf("[kills] an upgrade of both apps from a daemon's cold start takes %.1f s here (JVM start, first"
                + " tick, savepoint and last-state upgrade); kill delays are drawn from 0 to %.1f s%n",
                upgrade.toMillis() / 1e3, upgrade.toMillis() * DELAY_SPAN / 1e3);
        return upgrade;
    }

    private void iteration(int i, Duration upgrade) throws InterruptedException {
        String change = pushChange(i);
        boolean cold = daemon == null || !daemon.alive();
        ensureDaemon();
        String moment = awaitTheMoment(upgrade);
        String phases = APPS.stream().map(app -> app.name() + " " + countPhase(app)).collect(Collectors.joining(", "));
        String name = daemon.name();
        kill();
        boolean restartNow = draws.nextBoolean();
        if (restartNow) {
            startDaemon();
        }
        System.out.printf("[kills] #%d %s | %s %s (started %s), status: %s | restart %s%n", i, change, name, moment,
                cold ? "after the push" : "before", phases, restartNow ? "now" : "on the next iteration");
    }

    /**
     * Draws each app's change: a suspended app is resumed under a new tag (80 %); a running one is
     * suspended (15 %), left alone (15 %) or upgraded to a new tag. At least one app changes.
     */
    private String pushChange(int i) {
        List<App> changed = new ArrayList<>();
        List<String> what = new ArrayList<>();
        for (App app : APPS) {
            double draw = draws.nextDouble();
            if (suspended.get(app) ? draw < 0.8 : draw >= 0.3) {
                what.add(upgradeOrResume(app));
                changed.add(app);
            } else if (!suspended.get(app) && draw < 0.15) {
                suspended.put(app, true);
                what.add(app.name() + " suspended");
                changed.add(app);
            }
        }
        if (changed.isEmpty()) {
            App app = APPS.get(draws.nextInt(APPS.size()));
            what.add(upgradeOrResume(app));
            changed.add(app);
        }
        push(changed, "iteration " + i + ": " + String.join(", ", what));
        return String.join(", ", what);
    }

    /** A new tag, and the app running. */
    private String upgradeOrResume(App app) {
        upgrade(app);
        return app.name() + (suspended.put(app, false) ? " resumed as " : " upgraded to ") + currentTag(app);
    }

    private void upgrade(App app) {
        tags.get(app).add(app.name() + "-v" + (tags.get(app).size() + 1));
    }

    private void push(List<App> changed, String message) {
        APPS.forEach(app -> specs.write(app.file(), spec(app)));
        String commit = specs.commitAndPush(message);
        changed.forEach(app -> changedAt.put(app, commit));
    }

    /** Waits for the kill's moment, drawn from the seed; says which it was. */
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
        // The kill's moment, drawn from the seed: a pause on purpose, not a wait for a condition.
        Thread.sleep(delay);
        return "killed after " + delay + " ms";
    }

    /** What the status branch shows for the app at the moment of a kill; counted for the summary. */
    private String countPhase(App app) {
        String phase = status.current(app.statusFile()).map(s -> s.phase() + (s.operation() == null ? ""
                : ":" + s.operation().step()) + (s.operation() == null && !changedAt.get(app).equals(s.specCommit())
                        ? "(before the change)" : "")).orElse("(no status)");
        killsByPhase.get(app.name()).merge(phase, 1, Integer::sum);
        return phase;
    }

    private void kill() {
        boolean alive = daemon.alive();
        OptionalInt exit = daemon.kill(EXIT_WAIT);
        killed = true;
        assertTrue(exit.isPresent(), daemon.name() + " did not end within " + EXIT_WAIT + " of SIGKILL" + seedText());
        if (!alive) {
            violations.add(daemon.name() + " had exited by itself (code " + exit.getAsInt() + ") before its kill\n"
                    + daemon.tail(15));
        }
    }

    private void startDaemon() {
        daemon = DaemonProcess.start("d" + started++, dir.resolve("logs"), null, daemonArgs);
        daemonStartedAt = System.nanoTime();
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

    /** The last daemon (restarted now, unless the last kill already did): seconds from its start to every app settled, or -1. */
    private double converge() {
        ensureDaemon();
        if (!settledWithin(CONVERGE_BOUND)) {
            violations.add("not converged within " + CONVERGE_BOUND.toSeconds() + " s of the last daemon's start: "
                    + APPS.stream().map(app -> app.name() + " " + status.currentText(app.statusFile()).orElse("(no status)"))
                            .collect(Collectors.joining("\n")) + "\n" + daemon.tail(20));
            return -1;
        }
        double convergence = seconds(daemonStartedAt);
        Await.until(START_WAIT, "counts under the last tag for every key of every running app" + seedText(),
                this::countedUnderLastTags);
        return convergence;
    }

    private boolean settledWithin(Duration bound) {
        try {
            awaitSettled(bound, "every app settled");
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Every app at its last change with no operation in flight: RUNNING, or SUSPENDED when it should be. */
    private void awaitSettled(Duration bound, String what) {
        Await.until(bound, what + seedText(), () -> APPS.stream().allMatch(app -> status.current(app.statusFile())
                .filter(s -> changedAt.get(app).equals(s.specCommit()) && s.operation() == null
                        && s.phase() == (suspended.get(app) ? Phase.SUSPENDED : Phase.RUNNING))
                .isPresent()));
    }

    private boolean countedUnderLastTags() {
        return APPS.stream().filter(app -> !suspended.get(app))
                .allMatch(app -> CounterOutput.hasAllKeys(output(app), currentTag(app), KEYS));
    }

    private List<String> invariants() {
        List<JobSummary> jobs = WORLD.world().flink().listJobs();
        Map<String, AppStatus> recorded = new TreeMap<>();
        APPS.forEach(app -> recorded.put(app.name(), status.current(app.statusFile()).orElse(null)));
        Set<String> running = APPS.stream().filter(app -> !suspended.get(app)).map(App::name).collect(Collectors.toSet());
        List<String> found = new ArrayList<>(FaultInvariants.oneJobPerApp(jobs, recorded, running));
        for (App app : APPS) {
            found.addAll(FaultInvariants.countersContinued(app.name(), app.mode().equals("last-state"), tags.get(app),
                    CounterOutput.lines(output(app))));
            found.addAll(FaultInvariants.noEmptyStartAfterASnapshot(app.name(), status.versions(app.statusFile())));
        }
        return found;
    }

    private void summary(int iterations, Duration upgrade, double convergence, double total) {
        StringBuilder out = new StringBuilder();
        violations.stream().limit(25).forEach(v -> out.append("[kills] VIOLATION ").append(v).append('\n'));
        if (!violations.isEmpty()) {
            APPS.forEach(app -> out.append("[kills] status history of ").append(app.name()).append(":\n")
                    .append(history(app)));
        }
        out.append(String.format("[kills] SUMMARY seed=%d iterations=%d upgrade=%.1f s kills by phase %s"
                + " violations=%d %s total %.0f s%n", seed, iterations, upgrade.toMillis() / 1e3, killsByPhase,
                violations.size(), convergence < 0 ? "NOT converged within " + CONVERGE_BOUND.toSeconds() + " s"
                        : String.format("converged in %.1f s (bound %d s)", convergence, CONVERGE_BOUND.toSeconds()), total));
        System.out.print(out);
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

    private String spec(App app) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: %s
                  namespace: kills
                spec:
                  flinkConfiguration:
                    execution.checkpointing.interval: "1s"
                  job:
                    jarURI: local:///opt/flink/usrlib/%s
                    entryClass: %s
                    args: ["--tag", "%s", "--rate", "40", "--keys", "%d", "--output", "%s"]
                    parallelism: 2
                    upgradeMode: %s
                    state: %s
                """.formatted(app.name(), ExampleJob.JAR_NAME, ExampleJob.ENTRY_CLASS, currentTag(app), KEYS, output(app),
                app.mode(), suspended.get(app) ? "suspended" : "running");
    }

    private String currentTag(App app) {
        List<String> ofApp = tags.get(app);
        return ofApp.get(ofApp.size() - 1);
    }

    private Path output(App app) {
        return dir.resolve("output").resolve(app.name());
    }

    private String seedText() {
        return " (seed " + seed + ", replay with -Dkills.seed=" + seed + ")";
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
