package dev.flinkgitops.daemon;

import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.ExampleJob;
import dev.flinkgitops.testing.Fault;
import dev.flinkgitops.testing.FaultProxy;
import dev.flinkgitops.testing.FlinkGitWorld;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.Scenario;
import dev.flinkgitops.testing.StatusHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 11: the daemon reaches a real Flink cluster through {@link FaultProxy}, which answers a
 * share of the calls (10-60 %, drawn per round from the seed) with 5xx pages, resets, time-outs,
 * lost answers (Flink acted, the daemon hears nothing) and 200s with the wrong body (HTML, empty,
 * {@code {}}, truncated JSON, job lists missing fields). Three apps ({@code savepoint},
 * {@code last-state}, and a {@code savepoint} one that is suspended and resumed) are upgraded
 * round after round through it; then the faults stop and the fleet must converge within
 * {@link #CONVERGE_BOUND} with exactly one job per app, every counter continued, and no job
 * started from empty state while a savepoint was recorded.
 *
 * <p>{@code -Dfaults.seed=N} replays a run (the seed is printed); {@code -Dfaults.rounds=N}
 * runs longer (default {@value #DEFAULT_ROUNDS}). To tell which fault does what:
 * {@code -Dfaults.rate=R} fixes the rate of every round ({@code 0}: the control run, no faults),
 * {@code -Dfaults.kinds=RESET,TIMEOUT} injects only those kinds.
 */
class FaultInjectionIT {

    private static final int DEFAULT_ROUNDS = 4;
    private static final int KEYS = 4;
    /** Each Flink call's time-out: shorter than the daemon's default (10 s) to keep the run short, long enough for a submit. */
    private static final Duration FLINK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HOLD = FLINK_TIMEOUT.plusSeconds(1);
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    private static final Duration ROUND_WAIT = Duration.ofSeconds(25);
    /** Job-list reads each round keeps the faults on for, also after its change has settled: the steady state is tried too. */
    private static final int STEADY_READS = 10;
    /**
     * The stated bound, from the faults stopping to every app settled at the last commit: the
     * daemon's first retry backoff (30 s; a round is too short for a second failure of the same
     * spec to be pending) plus an upgrade (a few seconds) and slack.
     */
    static final Duration CONVERGE_BOUND = Duration.ofSeconds(60);
    private static final String JOB_LIST = "GET /jobs/overview";

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    /** One app of the fleet; {@code suspends} marks the one suspended and resumed. */
    private record App(String name, String mode, boolean suspends) {
        String file() {
            return "apps/faults/" + name + ".yaml";
        }

        String statusFile() {
            return "faults/" + name + ".yaml";
        }
    }

    private static final List<App> APPS = List.of(new App("alpha", "savepoint", false), new App("beta", "last-state", false),
            new App("gamma", "savepoint", true));

    private final Map<App, List<String>> tags = new LinkedHashMap<>();
    private int settledRounds;

    @Test
    void upgradesSuspendAndResumeThroughFaultsEndWithOneJobPerAppAndEveryCounterContinued() throws Exception {
        long seed = Long.getLong("faults.seed", new Random().nextLong());
        int rounds = Integer.getInteger("faults.rounds", DEFAULT_ROUNDS);
        System.out.println("[faults] seed " + seed + " (replay with -Dfaults.seed=" + seed + "), rounds " + rounds);
        Random draws = new Random(seed);
        Double fixedRate = System.getProperty("faults.rate") == null ? null : Double.valueOf(System.getProperty("faults.rate"));
        Set<Fault> kinds = System.getProperty("faults.kinds") == null ? EnumSet.allOf(Fault.class)
                : Arrays.stream(System.getProperty("faults.kinds").split(",")).map(k -> Fault.valueOf(k.trim()))
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Fault.class)));
        FlinkGitWorld world = WORLD.world();
        long started = System.nanoTime();
        try (FaultProxy proxy = FaultProxy.start(world.cluster().restUrl(), seed, HOLD);
                Scenario s = world.scenario("faults", null, proxy.url(), FLINK_TIMEOUT, Duration.ofSeconds(1))) {
            StatusHistory status = new StatusHistory(s.bare(), "status");
            Thread loop = new Thread(s.daemon()::run, "daemon-loop");
            loop.setDaemon(true);
            loop.start();
            try {
                String commit = push(s, 0, rounds);
                awaitSettled(status, commit, 0, START_WAIT);
                Await.until(START_WAIT, "counts for every key of every app", () -> APPS.stream()
                        .allMatch(app -> CounterOutput.hasAllKeys(output(s, app), currentTag(app), KEYS)));
                for (int round = 1; round <= rounds; round++) {
                    double drawn = 0.10 + 0.50 * draws.nextDouble();
                    double rate = fixedRate == null ? drawn : fixedRate;
                    proxy.faults(rate, kinds);
                    long roundStart = System.nanoTime();
                    commit = push(s, round, rounds);
                    long reads = proxy.requests(JOB_LIST);
                    boolean settled = settledWithin(status, commit, round, ROUND_WAIT);
                    Await.until(ROUND_WAIT, STEADY_READS + " job-list reads under faults",
                            () -> proxy.requests(JOB_LIST) - reads >= STEADY_READS);
                    settledRounds += settled ? 1 : 0;
                    System.out.printf("[faults] round %d at %.0f%% faults: %s; round over after %.1f s%n", round, rate * 100,
                            settled ? "settled" : "not settled within " + ROUND_WAIT.toSeconds() + " s", seconds(roundStart));
                }
                proxy.off();
                long off = System.nanoTime();
                boolean converged = settledWithin(status, commit, rounds, CONVERGE_BOUND);
                double convergence = seconds(off);
                List<String> violations = new ArrayList<>();
                if (!converged) {
                    violations.add("not converged within " + CONVERGE_BOUND.toSeconds() + " s of the faults stopping: "
                            + settledText(status));
                } else {
                    Await.until(START_WAIT, "counts under the last tag for every key of every running app", () -> APPS.stream()
                            .filter(app -> !suspended(app, rounds))
                            .allMatch(app -> CounterOutput.hasAllKeys(output(s, app), currentTag(app), KEYS)));
                }
                s.daemon().stop();
                loop.join(Duration.ofSeconds(30).toMillis());
                violations.addAll(invariants(s, status, rounds));
                summary(seed, rounds, proxy, status, violations, converged, convergence, seconds(started));
                assertEquals(List.of(), violations, "invariant violations after the faults (seed " + seed + ")");
            } finally {
                s.daemon().stop();
                loop.join(Duration.ofSeconds(30).toMillis());
            }
        }
    }

    /**
     * Every app's spec for this round: a new tag each round; the suspending app is suspended in
     * round 2 (and every fourth after) and resumed with a new tag in the next.
     */
    private String push(Scenario s, int round, int rounds) {
        for (App app : APPS) {
            boolean suspended = suspended(app, round);
            if (!suspended || tags.get(app) == null) {
                tags.computeIfAbsent(app, a -> new ArrayList<>()).add(app.name() + "-v" + (round + 1));
            }
            s.specs().write(app.file(), spec(s, app, currentTag(app), suspended));
        }
        return s.specs().commitAndPush(round == 0 ? "v1 of every app" : "round " + round + " of " + rounds);
    }

    private static boolean suspended(App app, int round) {
        return app.suspends() && round % 4 == 2;
    }

    private String currentTag(App app) {
        List<String> ofApp = tags.get(app);
        return ofApp.get(ofApp.size() - 1);
    }

    private boolean settledWithin(StatusHistory status, String commit, int round, Duration bound) {
        try {
            awaitSettled(status, commit, round, bound);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Every app at {@code commit} with no operation in flight: RUNNING (ready), or SUSPENDED when it should be. */
    private void awaitSettled(StatusHistory status, String commit, int round, Duration bound) {
        Await.until(bound, "every app settled at " + commit, () -> APPS.stream().allMatch(app -> status.current(app.statusFile())
                .filter(st -> commit.equals(st.specCommit()) && st.operation() == null
                        && st.phase() == (suspended(app, round) ? Phase.SUSPENDED : Phase.RUNNING))
                .isPresent()));
    }

    private static String settledText(StatusHistory status) {
        return APPS.stream().map(app -> app.name() + " " + status.current(app.statusFile())
                .map(st -> st.phase() + " at " + st.specCommit() + (st.operation() == null ? "" : " op " + st.operation().type()
                        + ":" + st.operation().step()) + (st.lastError() == null ? "" : " error: " + st.lastError().message()))
                .orElse("(no status)")).collect(Collectors.joining("; "));
    }

    private List<String> invariants(Scenario s, StatusHistory status, int rounds) {
        List<JobSummary> jobs = s.world().flink().listJobs();
        Map<String, AppStatus> recorded = new TreeMap<>();
        APPS.forEach(app -> recorded.put(app.name(), status.current(app.statusFile()).orElse(null)));
        List<String> violations = new ArrayList<>(FaultInvariants.oneJobPerApp(jobs, recorded,
                APPS.stream().filter(app -> !suspended(app, rounds)).map(App::name).collect(Collectors.toSet())));
        for (App app : APPS) {
            violations.addAll(FaultInvariants.countersContinued(app.name(), app.mode().equals("last-state"), tags.get(app),
                    CounterOutput.lines(output(s, app))));
            violations.addAll(FaultInvariants.noEmptyStartAfterASnapshot(app.name(), status.versions(app.statusFile())));
        }
        return violations;
    }

    private void summary(long seed, int rounds, FaultProxy proxy, StatusHistory status, List<String> violations,
            boolean converged, double convergence, double total) {
        int upgrades = 0;
        int restarts = 0;
        for (App app : APPS) {
            FaultInvariants.Starts starts = FaultInvariants.starts(status.versions(app.statusFile()));
            upgrades += starts.upgrades();
            restarts += starts.restarts();
        }
        StringBuilder out = new StringBuilder();
        proxy.injectedByEndpoint().forEach((endpoint, kinds) -> out.append("[faults]   ").append(endpoint).append(' ')
                .append(kinds).append('\n'));
        violations.stream().limit(25).forEach(v -> out.append("[faults] VIOLATION ").append(v).append('\n'));
        out.append(String.format("[faults] SUMMARY seed=%d rounds=%d (settled under faults: %d) requests=%d faults injected=%d %s"
                + " upgrades done=%d restarts=%d invariant violations=%d %s total %.0f s%n", seed, rounds, settledRounds,
                proxy.requests(),
                proxy.injectedTotal(), proxy.injected(), upgrades, restarts, violations.size(),
                converged ? String.format("converged in %.1f s (bound %d s)", convergence, CONVERGE_BOUND.toSeconds())
                        : "NOT converged within " + CONVERGE_BOUND.toSeconds() + " s", total));
        System.out.print(out);
    }

    private static String spec(Scenario s, App app, String tag, boolean suspended) {
        return ExampleJob.spec(app.name(), "faults", tag, KEYS, output(s, app), app.mode(), suspended ? "suspended" : "running");
    }

    private static Path output(Scenario s, App app) {
        return s.dir().resolve("output").resolve(app.name());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
