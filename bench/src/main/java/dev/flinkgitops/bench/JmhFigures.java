package dev.flinkgitops.bench;

import dev.flinkgitops.testing.GitServer;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The timing figures of B1 and B3 measured with JMH ({@link SteadyTickJmh}, {@link ColdStartJmh}), as
 * rows of Bench's table; the counts stay with Bench's own harness, which JMH does not count. Each
 * benchmark runs in JMH's forked JVMs (same classpath, the manifest's lib/ jars), against one spec
 * repository seeded here and passed to the forks as {@code -p url=...}: B1 fetches over git:// from the
 * {@code git daemon}, B3 clones from the bare repository's path as Bench's B3 child does. JMH's own
 * report of each run goes to a log file in the work directory.
 */
final class JmhFigures {

    /** The forks log as the in-process run does (Bench.main); on every fork, via {@code @Fork(jvmArgsAppend)}. */
    static final String LOGBACK = "-Dlogback.configurationFile=logback-bench.xml";
    /** The heap Bench's B3 child process gets. */
    static final String COLD_START_HEAP = "-Xmx1g";

    private JmhFigures() {}

    /**
     * Runs the JMH benchmarks of those of B1 and B3 that {@code ids} names, on a new repository
     * {@code jmh.git} of {@code apps} specs on {@code server}; B3 in {@code coldStartForks} fresh JVMs.
     */
    static List<Bench.Row> rows(GitServer server, Path work, int apps, int coldStartForks, Set<String> ids)
            throws RunnerException {
        String url = server.createRepository("jmh.git");
        TickFixture.seed(work.resolve("jmh-specs"), url, apps);
        List<Bench.Row> rows = new ArrayList<>();
        if (ids.contains("B1")) {
            RunResult run = run(SteadyTickJmh.class, url, apps, work.resolve("jmh-b1.log"), 0);
            Statistics wall = run.getPrimaryResult().getStatistics();
            String scenario = "tick, " + apps + " apps, no new commit: ";
            rows.add(new Bench.Row("B1", scenario + "wall time per tick (JMH)", "≤ 20 ms CPU", percentiles(wall),
                    wall.getPercentile(50) <= 20,
                    how(run) + ", every tick sampled; p50 (p0–p100, n ticks) of the wall time of Tick.run(), an upper bound "
                            + "of the tick's CPU on its thread; p90 " + ms(wall.getPercentile(90)) + ", p99 " + ms(wall.getPercentile(99))));
            Stats cpu = Stats.of(perIteration(run, "cpuMsPerTick"));
            rows.add(new Bench.Row("B1", scenario + "CPU per tick (JMH)", "≤ 20 ms", cpu.ms(), cpu.median() <= 20,
                    "same JMH run: ThreadMXBean CPU time of the ticking thread around each Tick.run(), the mean over each "
                            + "measured iteration (@AuxCounters); n = iterations"));
        }
        if (ids.contains("B3")) {
            // From the bare repository's path, as Bench's B3 child clones it (the clone is not timed; the pack it makes is read).
            String bare = server.path("jmh.git").toString();
            RunResult run = run(ColdStartJmh.class, bare, apps, work.resolve("jmh-b3.log"), coldStartForks);
            Statistics total = run.getPrimaryResult().getStatistics();
            rows.add(new Bench.Row("B3", "cold start, " + apps + " specs: parse + validate + plan (JMH)", "≤ 1 s",
                    percentiles(total), total.getPercentile(50) <= 1000,
                    how(run) + ": a fresh JVM per run (class loading and JIT included), no status branch yet (first start); "
                            + "the clone (from the bare repository's path) is in @Setup, not timed"));
        }
        return rows;
    }

    /** One JMH run of the class's benchmarks on the repository at url; forks 0: the class's own @Fork. */
    private static RunResult run(Class<?> benchmark, String url, int apps, Path log, int forks) throws RunnerException {
        OptionsBuilder options = new OptionsBuilder();
        options.include("^" + Pattern.quote(benchmark.getName()) + "\\.")
                .param("url", url)
                .param("apps", Integer.toString(apps))
                .shouldFailOnError(true)
                .output(log.toString());
        if (forks > 0) {
            options.forks(forks);
        }
        System.err.println("[bench] JMH " + benchmark.getSimpleName() + ", its report in " + log);
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.size() != 1) {
            throw new IllegalStateException("expected one JMH result for " + benchmark.getName() + ", got " + results.size());
        }
        return results.iterator().next();
    }

    /** "JMH SampleTime, 3 forks × 5 × 2 s iterations after 3 × 2 s warm-up". */
    private static String how(RunResult run) {
        BenchmarkParams p = run.getParams();
        return "JMH " + p.getMode() + ", " + p.getForks() + " forks × " + iterations(p.getMeasurement())
                + (p.getWarmup().getCount() == 0 ? ", no warm-up" : " after " + iterations(p.getWarmup()) + " warm-up");
    }

    private static String iterations(IterationParams p) {
        return p.getCount() + (p.getTime().getTime() > 0 && p.getCount() > 1 ? " × " + p.getTime() : "") + " iteration"
                + (p.getCount() == 1 ? "" : "s");
    }

    /** The secondary result {@code label} of every measured iteration of every fork. */
    private static List<Double> perIteration(RunResult run, String label) {
        List<Double> values = new ArrayList<>();
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                values.add(iteration.getSecondaryResults().get(label).getScore());
            }
        }
        return values;
    }

    /** "p50 ms (p0–p100, n=N)": median, min and max, as Bench's other figures read. */
    private static String percentiles(Statistics s) {
        return ms(s.getPercentile(50)) + " ms (" + ms(s.getMin()) + "–" + ms(s.getMax()) + ", n=" + s.getN() + ")";
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }
}
