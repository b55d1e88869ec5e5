package dev.flinkgitops.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The end-to-end samples, paired by round, and the table rows made from them. */
final class UpgradeSamples {

    /**
     * One app's upgrade as Flink stamped it (epoch ms): the old job's stop-with-savepoint was
     * triggered, the old job FINISHED, the new job was INITIALIZING, the new job was RUNNING.
     */
    record Steps(long trigger, long finished, long initializing, long running) {
        /** Flink's own time: stop-with-savepoint (trigger → FINISHED) plus restore (INITIALIZING → RUNNING). */
        long flinkOwn() {
            return (finished - trigger) + (running - initializing);
        }
    }

    /** An upgrade of one or more apps, started (pushed, or first command run) at {@code start}. */
    record Upgrade(long start, List<Steps> apps) {
        /** Start → the last new job RUNNING. */
        double wall() {
            return apps.stream().mapToLong(Steps::running).max().orElseThrow() - start;
        }

        /** Start → the first stop-with-savepoint triggered. */
        double firstAction() {
            return apps.stream().mapToLong(Steps::trigger).min().orElseThrow() - start;
        }

        /** First → last new job INITIALIZING (the submissions' spread). */
        double initializingSpan() {
            return apps.stream().mapToLong(Steps::initializing).max().orElseThrow()
                    - apps.stream().mapToLong(Steps::initializing).min().orElseThrow();
        }

        double flinkOwn() {
            return apps.stream().mapToLong(Steps::flinkOwn).max().orElseThrow();
        }

        private double part(ToDoubleFunction<Steps> f) {
            return apps.stream().mapToDouble(f).max().orElseThrow();
        }
    }

    /** One measured round: each kind of upgrade once, so ratios pair samples of the same round. */
    static final class Round {
        Upgrade daemonOne;
        Upgrade daemonLarge;
        Upgrade direct;
        Upgrade cliOne;
        Upgrade daemonTwenty;
        Upgrade cliTwenty;

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "daemon %.0f ms (Flink's own %.0f, first action %.0f), 100 MB state: daemon "
                    + "%.0f ms (Flink's own %.0f), direct REST %.0f ms, CLI %.0f ms; 20 apps: daemon %.0f ms, CLI %.0f ms",
                    daemonOne.wall(), daemonOne.flinkOwn(), daemonOne.firstAction(), daemonLarge.wall(), daemonLarge.flinkOwn(),
                    direct.wall(), cliOne.wall(), daemonTwenty.wall(), cliTwenty.wall());
        }
    }

    private final List<Round> rounds = new ArrayList<>();
    private final List<Upgrade> polled = new ArrayList<>();
    private final List<Double> pushPhases = new ArrayList<>();

    void add(Round round) {
        rounds.add(round);
    }

    void addPolling(Upgrade upgrade, long msAfterLastTick) {
        polled.add(upgrade);
        pushPhases.add((double) msAfterLastTick);
    }

    /** The rows of B3-B5 and B8, one statement each, in the order of results.md: a table, so it is kept whole (over 40 lines). */
    List<Bench.Row> rows(Duration pollInterval) {
        Stats one = of(r -> r.daemonOne.wall());
        Stats own = of(r -> r.daemonOne.flinkOwn());
        Stats b4 = of(r -> r.daemonOne.wall() / r.daemonOne.flinkOwn());
        Stats direct = of(r -> r.direct.wall());
        Stats b5 = of(r -> r.cliOne.wall() / r.daemonOne.wall());
        Stats b6 = of(r -> r.daemonTwenty.wall() / r.daemonOne.wall());
        Stats cli20 = of(r -> r.cliTwenty.wall() / r.daemonTwenty.wall());
        Stats hook = of(r -> r.daemonOne.firstAction());
        Stats poll = Stats.of(polled.stream().map(Upgrade::firstAction).toList());
        List<Bench.Row> rows = new ArrayList<>();
        rows.add(new Bench.Row("B4", "one savepoint-guarded upgrade, real cluster: daemon wall ÷ Flink's own time", "≤ 1.10×",
                b4.ratio(), b4.median() <= 1.10,
                "daemon wall, push done → new job RUNNING (webhook sent at once): " + one.ms()
                        + "; Flink's own (stop-with-savepoint trigger → old job FINISHED, plus new job INITIALIZING → RUNNING, "
                        + "from its REST timestamps): " + own.ms() + ". Where the daemon's time goes (Flink's stamps): "
                        + "push → stop triggered (fetch, parse, plan, write-ahead intent pushed to the status branch) "
                        + of(r -> r.daemonOne.part(s -> s.trigger() - r.daemonOne.start())).ms()
                        + "; trigger → old job FINISHED (Flink) " + of(r -> r.daemonOne.part(s -> s.finished() - s.trigger())).ms()
                        + "; FINISHED → new job INITIALIZING (the daemon sees the savepoint, pushes its path, submits; Flink builds "
                        + "the job graph in its jar-run handler) " + of(r -> r.daemonOne.part(s -> s.initializing() - s.finished())).ms()
                        + "; INITIALIZING → RUNNING (Flink) " + of(r -> r.daemonOne.part(s -> s.initializing() == 0 ? 0 : s.running() - s.initializing())).ms()
                        + ". Reference: a bare REST client on the same cluster (trigger, poll every 2 ms, submit at once, no git) "
                        + direct.ms() + ", " + of(r -> r.direct.wall() / r.direct.flinkOwn()).ratio() + " of its Flink time. "
                        + "Every upgrade checked: each key's count continued from the savepoint"));
        Stats large = of(r -> r.daemonLarge.wall() / r.daemonLarge.flinkOwn());
        rows.add(new Bench.Row("B4", "same, with ~100 MB of keyed state (2,000 keys × 50 KB)", "≤ 1.10×",
                large.ratio(), large.median() <= 1.10,
                "daemon wall " + of(r -> r.daemonLarge.wall()).ms() + "; Flink's own " + of(r -> r.daemonLarge.flinkOwn()).ms()
                        + " (stop-with-savepoint " + of(r -> r.daemonLarge.part(s -> s.finished() - s.trigger())).ms()
                        + ", restore " + of(r -> r.daemonLarge.part(s -> s.running() - s.initializing())).ms()
                        + "); the daemon's part (wall − Flink's own) " + of(r -> r.daemonLarge.wall() - r.daemonLarge.flinkOwn()).ms()
                        + ", about what it is for the tiny job: it does not grow with the state"));
        rows.add(new Bench.Row("B5", "the same upgrade by hand with the Flink CLI (stop --savepointPath, then run -s): CLI wall ÷ daemon wall",
                "≥ 5×", b5.ratio(), b5.median() >= 5,
                "CLI wall, first command started → new job RUNNING: " + of(r -> r.cliOne.wall()).ms()
                        + " (stop " + of(r -> r.cliOne.part(s -> s.finished() - r.cliOne.start())).ms() + " to the old job FINISHED); "
                        + "a plain `java … CliFrontend` per command (no `bin/flink` wrapper, so a lower bound), same cluster and job, "
                        + "commands run back to back by a script (no human in the loop)"));
        rows.add(new Bench.Row("B6", "20 apps changed in one commit: daemon wall ÷ B4 wall", "≤ 1.5×",
                b6.ratio(), b6.median() <= 1.5,
                "daemon wall, push done → the 20th new job RUNNING: " + of(r -> r.daemonTwenty.wall()).ms()
                        + "; of which the 20 submissions (first → last new job INITIALIZING: Flink's jar-run handler builds "
                        + "each job graph, 2 cores for 20 jobs and the running ones) " + of(r -> r.daemonTwenty.initializingSpan()).ms()
                        + "; the Flink CLI doing the same 20 in sequence: " + of(r -> r.cliTwenty.wall()).ms()
                        + " (" + cli20.ratio() + " the daemon's time)"));
        rows.add(new Bench.Row("B8", "push → first action (stop-with-savepoint triggered), with the webhook", "≤ 1 s",
                hook.ms(), hook.median() <= 1000,
                "push done → the old job's savepoint trigger time in Flink; B4's runs; for the 20-app commit: "
                        + of(r -> r.daemonTwenty.firstAction()).ms()));
        rows.add(new Bench.Row("B8", "push → first action, polling (no webhook)", "≤ the poll interval (" + pollInterval.toSeconds() + " s)",
                poll.ms(), poll.max() <= pollInterval.toMillis(),
                "pushes placed across the poll cycle (" + Stats.of(pushPhases).ms() + " after the daemon's last tick), "
                        + "default --interval " + pollInterval.toSeconds() + "s; worst case ≈ the interval plus one tick"));
        return rows;
    }

    private Stats of(ToDoubleFunction<Round> f) {
        return Stats.of(rounds.stream().map(r -> f.applyAsDouble(r)).toList());
    }
}
