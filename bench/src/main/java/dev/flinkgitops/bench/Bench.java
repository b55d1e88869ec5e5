package dev.flinkgitops.bench;

import dev.flinkgitops.bench.BenchFixtures.ManualClock;

import static dev.flinkgitops.bench.BenchFixtures.app;
import static dev.flinkgitops.bench.BenchFixtures.file;
import static dev.flinkgitops.bench.BenchFixtures.spec;
import static dev.flinkgitops.bench.TickFixture.settle;

import dev.flinkgitops.testing.DaemonProcess;
import dev.flinkgitops.testing.FakeFlink;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.SpecRepo;

import dev.flinkgitops.daemon.SpecCatalog;
import dev.flinkgitops.daemon.Tick;
import dev.flinkgitops.daemon.TickReport;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Set;
import java.util.List;

/**
 * The benchmarks of issue 7, one command for all: B1-B2 here with a plain harness (counts: git
 * round trips, writes, parses; and latencies between events of one tick, which JMH does not
 * measure), B3 in fresh JVMs ({@link ColdStart}), the timings of B1 and B3 under JMH
 * ({@link JmhFigures}), the end-to-end upgrades on a real Flink cluster (B4-B6, B8:
 * {@link UpgradeBench}), the daemon's memory and start-up (B7: {@link MemoryBench}), and a lost
 * submit answer after the stop of an upgrade (B9: {@link LostAnswerBench}), a parallelism change in place and through a
 * savepoint (B10: {@link RescaleBench}), the fleet page's server time (B11: {@link PagesBench}), and what the state-compatibility check
 * adds to an upgrade (B12: {@link StateCheckBench}). Every figure is the
 * median of n runs with min-max.
 *
 * <p>Run from the checkout's root: {@code java -jar bench/target/benchmarks.jar [--only B1,B4,...]
 * [--apps N] [--runs N] [--e2e-runs N] [--out FILE] [--keep] [--daemon-jar PATH]}; {@code --help}
 * describes them ({@link BenchOptions}).
 */
public final class Bench {

    static final String NAMESPACE = "team";

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
        BenchOptions options = BenchOptions.parse(args).orElse(null);
        if (options == null) {
            return; // --help
        }
        Path dir = Files.createTempDirectory("flink-gitops-bench");
        try {
            new Bench(options.only, options.daemonJar).runAll(dir, options.apps, Math.max(5, options.runs),
                    Math.max(5, options.e2eRuns), options.out);
        } finally {
            if (options.keep) {
                log("kept the work dir " + dir);
            } else {
                BenchFiles.deleteTree(dir);
            }
        }
    }

    private final Set<String> only;
    /** The daemon jar to run (--daemon-jar), or null for this build's, next to the benchmark jar. */
    private final Path daemonJar;

    private Bench(Set<String> only, Path daemonJar) {
        this.only = only;
        this.daemonJar = daemonJar;
    }

    private boolean any(String... ids) {
        return Arrays.stream(ids).anyMatch(only::contains);
    }

    private final List<Row> rows = new ArrayList<>();

    record Row(String id, String scenario, String target, String measured, boolean pass, String notes) {}

    private void runAll(Path dir, int apps, int runs, int e2eRuns, Path out) throws Exception {
        log("work dir " + dir + ", " + apps + " apps, " + runs + " runs per in-process figure, " + e2eRuns
                + " per end-to-end figure; " + only);
        Path jar = daemonJar != null ? daemonJar : BenchFiles.lib("flink-gitops-reconciler.jar");
        System.setProperty(DaemonProcess.JAR_PROPERTY, jar.toString());
        if (daemonJar != null) {
            log("daemon jar " + daemonJar);
        }
        try (GitServer server = GitServer.start(dir.resolve("server"))) {
            if (any("B1", "B2", "B3")) {
                inProcess(server, dir, apps, runs);
            }
            if (any("B1", "B3")) {
                rows.addAll(JmhFigures.rows(server, dir.resolve("jmh"), apps, runs, only));
            }
            if (any("B7")) {
                rows.addAll(MemoryBench.run(dir, server, apps, 5));
            }
            if (any("B4", "B5", "B6", "B8")) {
                rows.addAll(UpgradeBench.run(dir.resolve("e2e"), server, BenchFiles.exampleJobJar(), e2eRuns));
            }
            if (any("B11")) {
                rows.addAll(PagesBench.run(server, dir, apps, runs));
            }
            if (any("B9")) {
                rows.addAll(LostAnswerBench.run(dir.resolve("b9"), server, e2eRuns,
                        daemonJar == null ? "this build's" : "--daemon-jar " + daemonJar.getFileName()));
            }
            if (any("B10")) {
                rows.addAll(RescaleBench.run(dir.resolve("b10"), server, e2eRuns));
            }
            if (any("B12")) {
                rows.addAll(StateCheckBench.run(dir.resolve("b12"), server, e2eRuns));
            }
        }
        String table = ResultsTable.markdown(rows, apps);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);
        System.out.println(table);
        log("written to " + out.toAbsolutePath());
    }

    /** B1-B3: the daemon's tick in this process, 1,000 specs served by git daemon, a fake Flink port. */
    private void inProcess(GitServer server, Path dir, int apps, int runs) throws Exception {
        String direct = server.createRepository("origin.git");
        try (CountingProxy proxy = new CountingProxy(server.port());
                SpecRepo specs = SpecRepo.create(dir.resolve("work"), direct)) {
            for (int i = 0; i < apps; i++) {
                specs.write(file(i), spec(app(i), "v1"));
            }
            specs.commitAndPush(apps + " apps");
            String viaProxy = "git://127.0.0.1:" + proxy.port() + "/origin.git";
            if (any("B1", "B2")) {
                steadyTicks(dir, apps, runs, proxy, specs, viaProxy);
            }
        }
        if (any("B3")) {
            rows.add(ColdStart.row(server.path("origin.git"), apps, runs));
        }
    }

    /**
     * B1 and B2 over one settled daemon. Long on purpose (over 40 lines): both measure the same tick, proxy and
     * catalog, and settling 1,000 apps takes seconds, so they share one set-up and read in order.
     */
    private void steadyTicks(Path dir, int apps, int runs, CountingProxy proxy, SpecRepo specs, String url) {
        TickFixture fixture = new TickFixture();
        FakeFlink flink = fixture.flink.recordCalls(); // B2 times the fake's first calls after a fetch
        ManualClock clock = fixture.clock;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (GitRepository repo = GitRepository.open(dir.resolve("mirror"), url, null, 30)) {
            SpecCatalog catalog = fixture.catalog(repo);
            try (Tick tick = fixture.tick(repo, catalog, "status")) {
                long t0 = System.nanoTime();
                int ticks = settle(tick, clock, apps, 40);
                log("steady after " + ticks + " ticks (" + ms(System.nanoTime() - t0) + " ms): "
                        + flink.countRunning() + " jobs RUNNING on the fake Flink port");

                // B1: ticks with no new commit.
                for (int i = 0; i < 20; i++) {
                    tick.run();
                }
                List<Double> fetches = new ArrayList<>();
                List<Double> pushes = new ArrayList<>();
                List<Double> writes = new ArrayList<>();
                List<Double> parses = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                List<Double> processCpu = new ArrayList<>();
                List<Double> wall = new ArrayList<>();
                int b1Runs = Math.max(runs, 30);
                for (int i = 0; i < b1Runs; i++) {
                    int f0 = proxy.fetches.get();
                    int p0 = proxy.pushes.get();
                    long parses0 = catalog.parses();
                    long c0 = threads.getCurrentThreadCpuTime();
                    long pc0 = os.getProcessCpuTime();
                    long w0 = System.nanoTime();
                    TickReport report = tick.run();
                    long w1 = System.nanoTime();
                    long c1 = threads.getCurrentThreadCpuTime();
                    long pc1 = os.getProcessCpuTime();
                    fetches.add((double) (proxy.fetches.get() - f0));
                    pushes.add((double) (proxy.pushes.get() - p0));
                    writes.add(report.written().outcome() == StatusBranch.WriteResult.Outcome.UNCHANGED ? 0.0 : 1.0);
                    parses.add((double) (catalog.parses() - parses0));
                    cpu.add(ms(c1 - c0));
                    processCpu.add(ms(pc1 - pc0));
                    wall.add(ms(w1 - w0));
                }
                // Where a steady tick's CPU goes: the fetch alone, and the specAt look-ups the tick makes per app.
                List<Double> fetchCpu = new ArrayList<>();
                List<Double> specAtCpu = new ArrayList<>();
                for (int i = 0; i < b1Runs; i++) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    repo.fetch();
                    fetchCpu.add(ms(threads.getCurrentThreadCpuTime() - c0));
                    long c1 = threads.getCurrentThreadCpuTime();
                    for (java.util.Map.Entry<dev.flinkgitops.appspec.AppId, AppStatus> status : tick.statuses().entrySet()) {
                        catalog.specAt(status.getValue().specCommit(), status.getValue().specFile(), status.getKey());
                    }
                    specAtCpu.add(ms(threads.getCurrentThreadCpuTime() - c1));
                }
                String fakeNote = apps + " jobs RUNNING on a fake Flink port (in-process, answers at once); real git daemon over git://";
                rows.add(new Row("B1", "tick, " + apps + " apps, no new commit: git round trips", "1",
                        Stats.of(fetches).counts(), Stats.of(fetches).median() <= 1 && Stats.of(fetches).max() <= 1,
                        "fetch connections counted by a proxy in front of `git daemon`; pushes: " + Stats.of(pushes).counts()
                                + "; " + fakeNote));
                rows.add(new Row("B1", "same: status writes", "0",
                        Stats.of(writes).counts(), Stats.of(writes).max() == 0,
                        "status-branch commits (TickReport.written); specs re-parsed: " + Stats.of(parses).counts()));
                rows.add(new Row("B1", "same: CPU per tick", "≤ 20 ms",
                        Stats.of(cpu).ms(), Stats.of(cpu).median() <= 20,
                        "CPU time of the ticking thread (a steady tick submits nothing to the action pool); "
                                + "whole process incl. GC, JIT and the counting proxy: " + Stats.of(processCpu).ms()
                                + "; wall: " + Stats.of(wall).ms() + ". Breakdown, measured apart: the no-op fetch "
                                + Stats.of(fetchCpu).ms() + "; the per-app `SpecCatalog.specAt(specCommit, specFile)` look-ups the "
                                + "planning loop makes (" + apps + " commit resolves + tree walks, each hitting the parse cache) "
                                + Stats.of(specAtCpu).ms()));

                // B2: a commit that changes 1 of the specs.
                List<Double> b2Parses = new ArrayList<>();
                List<Double> toObserve = new ArrayList<>();
                List<Double> toAction = new ArrayList<>();
                List<Double> tickA = new ArrayList<>();
                int warmup = 3;
                for (int r = 0; r < runs + warmup; r++) {
                    int i = (r * 37) % apps;
                    AppId id = new AppId(NAMESPACE, app(i));
                    String jobId = tick.statuses().get(id).job().id();
                    specs.write(file(i), spec(app(i), "v2-" + r)).commitAndPush("change " + app(i));
                    long parses0 = catalog.parses();
                    long w0 = System.nanoTime();
                    TickReport first = tick.run();
                    long w1 = System.nanoTime();
                    long fetched = proxy.lastFetchClosed.get();
                    long parsed = catalog.parses() - parses0;
                    Plan plan = first.plans().get(id);
                    tick.run(false); // as the daemon does: at once, without a fetch, after a tick that pushed a step
                    List<FakeFlink.Call> calls = flink.callsSince(fetched);
                    long firstCall = calls.isEmpty() ? -1 : calls.get(0).nanos();
                    long action = calls.stream().filter(c -> jobId.equals(c.jobId()) && !c.method().equals("listJobs"))
                            .mapToLong(FakeFlink.Call::nanos).findFirst().orElse(-1);
                    if (r == warmup) {
                        log("B2 first measured run: plan of " + id + " in the commit's tick: " + plan.getClass().getSimpleName()
                                + "; Flink calls after the fetch: " + calls.stream().limit(4).map(FakeFlink.Call::method).toList());
                    }
                    if (firstCall < 0 || action < 0) {
                        throw new IllegalStateException("B2: no Flink call for " + id + " after the fetch: " + calls);
                    }
                    if (r >= warmup) {
                        b2Parses.add((double) parsed);
                        toObserve.add(ms(firstCall - fetched));
                        toAction.add(ms(action - fetched));
                        tickA.add(ms(w1 - w0));
                    }
                    settle(tick, clock, apps, 20);
                }
                rows.add(new Row("B2", "commit changing 1 of " + apps + " specs: specs re-parsed", "1",
                        Stats.of(b2Parses).counts(), Stats.of(b2Parses).max() == 1,
                        "SpecCatalog.parses() over the tick that fetched the commit; that tick's wall time: " + Stats.of(tickA).ms()));
                rows.add(new Row("B2", "same: fetch done → first Flink call", "≤ 50 ms",
                        Stats.of(toObserve).ms(), Stats.of(toObserve).median() <= 50,
                        "first call is the tick's job listing (observe), made before planning; from the fetch connection's close "
                                + "(seen by the proxy, so JGit's local ref update is inside the figure) to the fake port's call"));
                rows.add(new Row("B2", "same: fetch done → first Flink call for the changed app (stop-with-savepoint)", "≤ 50 ms",
                        Stats.of(toAction).ms(), Stats.of(toAction).median() <= 50,
                        "ticks run back to back here. The stop comes in the tick after the one that fetched the commit: "
                                + "that tick records the upgrade intent and pushes it to the status branch first (write-ahead). "
                                + "The running daemon starts that next tick at once, without a fetch, after a tick that pushed a step (Daemon.run), as here, so this is also the daemon's figure; the miss is the write-ahead push of the intent before the stop (a push to `git daemon` takes ~45 ms here, `git push` from the command line as long)"));
            }
        }
    }

    /** This JVM's {@code java} launcher, for the child processes. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
