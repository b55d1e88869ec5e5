package dev.flinkgitops.bench;

import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.GitServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.flinkgitops.bench.UpgradeWorld.jobName;
import static dev.flinkgitops.bench.UpgradeWorld.tag;

/**
 * B12 (issue 15): what the daemon's state-compatibility check adds to B4's upgrade of the example job. Two worlds side
 * by side, each a real Flink cluster in its own JVM and the daemon jar with one app: one daemon as shipped (the check
 * on), one run with {@code --no-state-check}. Each round upgrades both, one after the other (the order alternates from
 * round to round), and the added cost is the difference of the two walls within the round (push done → new job
 * RUNNING, Flink's stamp). Also per upgrade: push done → the stop-with-savepoint triggered (the check runs before the
 * stop, so it lands here), and the check's own time as the daemon logs it ({@code state restores: ... (N ms)}). Every
 * upgrade is checked: each key's count continued; the checking daemon logged "state restores" for it, the other "not
 * checked: turned off with --no-state-check".
 */
final class StateCheckBench {

    static final String APP = "b12";
    static final String OFF_FLAG = "--no-state-check";
    private static final Pattern CHECKED = Pattern.compile(Pattern.quote(APP) + ": state restores: [^\\n]*\\((\\d+) ms\\)");
    private static final String TURNED_OFF = APP + ": state compatibility not checked: turned off with " + OFF_FLAG;

    /** One upgrade (ms): push done → new job RUNNING, push done → stop triggered, the check's own time (-1: none). */
    record Sample(double wall, double toTrigger, double check) {}

    /** One round: the same upgrade with the check on and off. */
    record Round(Sample on, Sample off) {}

    private StateCheckBench() {}

    static List<Bench.Row> run(Path dir, GitServer git, int runs) throws Exception {
        log("B12: starting two Flink clusters and two daemons (state check on, and " + OFF_FLAG + "), one app each");
        List<Round> rounds = new ArrayList<>();
        try (UpgradeWorld on = UpgradeWorld.withDaemonFlags(dir.resolve("b12-on"), git, List.of(APP), 2, List.of());
                UpgradeWorld off = UpgradeWorld.withDaemonFlags(dir.resolve("b12-off"), git, List.of(APP), 2, List.of(OFF_FLAG))) {
            // Generation 1 is the warm-up: no restore point is recorded before it, so nothing is checked yet.
            for (int generation = 1; generation <= runs + 1; generation++) {
                boolean onFirst = generation % 2 == 0;
                Sample first = upgrade(onFirst ? on : off, generation, onFirst);
                Sample second = upgrade(onFirst ? off : on, generation, !onFirst);
                Round round = onFirst ? new Round(first, second) : new Round(second, first);
                log(String.format(java.util.Locale.ROOT, "B12 round %d%s: check on %.0f ms (to the stop %.0f, check %.0f),"
                        + " off %.0f ms (to the stop %.0f)", generation, generation == 1 ? " (warm-up, not counted)" : "",
                        round.on().wall(), round.on().toTrigger(), round.on().check(), round.off().wall(), round.off().toTrigger()));
                if (generation > 1) {
                    rounds.add(round);
                }
            }
        }
        return List.of(row(rounds));
    }

    /** Commits {@code generation}, sends the webhook, waits for the new job; checks the state went on and the log. */
    private static Sample upgrade(UpgradeWorld world, int generation, boolean checking) {
        FlinkTimes times = new FlinkTimes(world.flink().restUrl());
        String old = jobId(times, generation - 1);
        int checksBefore = checks(world).size();
        world.commit(List.of(APP), generation);
        long pushed = System.currentTimeMillis();
        world.webhook();
        String next = Await.value(Duration.ofMinutes(2), APP + " RUNNING at generation " + generation,
                () -> jobIdOrNull(times, generation));
        // GET /jobs/:id is cached by Flink for a few seconds: wait for the answer that has the state.
        long running = Await.value(Duration.ofSeconds(15), next + " RUNNING", () -> positive(times.entered(next, "RUNNING")));
        long trigger = Await.value(Duration.ofSeconds(15), old + "'s savepoint", () -> positive(times.savepointTriggered(old)));
        world.awaitSettled(Duration.ofMinutes(1));
        world.assertContinued(APP, tag(APP, generation - 1), tag(APP, generation));
        List<Double> checks = checks(world);
        double check = checks.size() > checksBefore ? checks.get(checks.size() - 1) : -1;
        if (generation > 1 && checking && checks.size() != checksBefore + 1) {
            throw new IllegalStateException("B12: the checking daemon logged no 'state restores' for generation " + generation
                    + "\n" + world.daemonLog());
        }
        if (!checking && (!checks.isEmpty() || !world.daemonLog().contains(TURNED_OFF))) {
            throw new IllegalStateException("B12: the daemon run with " + OFF_FLAG + " did not say so\n" + world.daemonLog());
        }
        return new Sample(running - pushed, trigger - pushed, check);
    }

    /** The check's times the daemon logged so far (ms), in order. */
    private static List<Double> checks(UpgradeWorld world) {
        List<Double> times = new ArrayList<>();
        Matcher m = CHECKED.matcher(world.daemonLog());
        while (m.find()) {
            times.add(Double.parseDouble(m.group(1)));
        }
        return times;
    }

    private static String jobId(FlinkTimes times, int generation) {
        String id = jobIdOrNull(times, generation);
        if (id == null) {
            throw new IllegalStateException("no RUNNING job " + jobName(tag(APP, generation)) + " among " + times.running().keySet());
        }
        return id;
    }

    private static String jobIdOrNull(FlinkTimes times, int generation) {
        FlinkTimes.Job job = times.running().get(jobName(tag(APP, generation)));
        return job == null ? null : job.id();
    }

    private static Long positive(long value) {
        return value > 0 ? value : null;
    }

    private static Bench.Row row(List<Round> rounds) {
        Stats added = of(rounds, r -> r.on().wall() - r.off().wall());
        String notes = "paired by round (both upgrades in each round, one after the other, the order alternating): push done"
                + " → new job RUNNING (Flink's stamp), check on: " + of(rounds, r -> r.on().wall()).ms() + "; "
                + OFF_FLAG + ": " + of(rounds, r -> r.off().wall()).ms() + ". Push done → stop-with-savepoint triggered"
                + " (the check runs before the stop): on " + of(rounds, r -> r.on().toTrigger()).ms() + ", off "
                + of(rounds, r -> r.off().toTrigger()).ms() + ", difference " + of(rounds, r -> r.on().toTrigger()
                - r.off().toTrigger()).ms() + ". The check's own time as the daemon logs it (the restore point's metadata"
                + " read, the new version's job graph built from the jar, compared): " + of(rounds, r -> r.on().check()).ms()
                + "; the first in the daemon's life (the first measured round; Flink's graph classes were loaded in the"
                + " background from its start): " + String.format(java.util.Locale.ROOT, "%.0f ms", rounds.get(0).on().check())
                + ". Every upgrade checked: each key's count"
                + " continued from the savepoint, the daemon logged 'state restores' (off: 'not checked: turned off with "
                + OFF_FLAG + "'). B4's setting: the example job (8 keys, 50 records/s, no checkpoints: the restore point"
                + " checked is the previous upgrade's savepoint), a real Flink cluster in its own JVM per daemon, the daemon"
                + " jar, `git daemon`, the webhook sent at once after the push";
        return new Bench.Row("B12", "the state-compatibility check's cost on one savepoint-guarded upgrade of the example job:"
                + " push done → new job RUNNING, check on − " + OFF_FLAG, "≤ 2 s added", added.ms(), added.median() <= 2000,
                notes);
    }

    private static Stats of(List<Round> rounds, ToDoubleFunction<Round> f) {
        return Stats.of(rounds.stream().map(r -> f.applyAsDouble(r)).toList());
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
