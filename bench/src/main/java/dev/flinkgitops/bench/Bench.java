package dev.flinkgitops.bench;

import dev.flinkgitops.bench.BenchFixtures.ManualClock;

import static dev.flinkgitops.bench.BenchFixtures.app;
import static dev.flinkgitops.bench.BenchFixtures.file;
import static dev.flinkgitops.bench.BenchFixtures.jars;
import static dev.flinkgitops.bench.BenchFixtures.settings;
import static dev.flinkgitops.bench.BenchFixtures.spec;

import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.SpecRepo;

import dev.flinkgitops.apply.Applier;
import dev.flinkgitops.apply.Cluster;
import dev.flinkgitops.apply.Clusters;
import dev.flinkgitops.apply.Jars;
import dev.flinkgitops.daemon.Catalog;
import dev.flinkgitops.daemon.SpecCatalog;
import dev.flinkgitops.daemon.StatusStore;
import dev.flinkgitops.daemon.Tick;
import dev.flinkgitops.daemon.TickReport;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.observe.LiveView;
import dev.flinkgitops.observe.Observer;
import dev.flinkgitops.plan.Desired;
import dev.flinkgitops.plan.Observed;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.plan.PlanInput;
import dev.flinkgitops.plan.Planner;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.spec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.StatusCodec;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The benchmarks B1-B3: a plain harness (System.nanoTime and ThreadMXBean CPU time), not JMH,
 * because the figures are counts (git round trips, writes, parses) and latencies between events
 * of one tick, which JMH does not measure. Every figure is the median of n runs with min-max.
 *
 * <p>Run from the checkout's root: {@code java -jar bench/target/benchmarks.jar [--apps N] [--out FILE]}.
 */
public final class Bench {

    static final String NAMESPACE = "team";

    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
        int apps = 1000;
        Path out = Path.of("bench/results.md");
        int runs = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--apps" -> apps = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--b3-child" -> {
                    coldStartChild(args[++i], Integer.parseInt(args[++i]));
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --apps N, --runs N, --out FILE)");
            }
        }
        new Bench().runAll(apps, Math.max(5, runs), out);
    }

    private final List<Row> rows = new ArrayList<>();

    record Row(String id, String scenario, String target, String measured, boolean pass, String notes) {}

    private void runAll(int apps, int runs, Path out) throws Exception {
        Path dir = Files.createTempDirectory("flink-gitops-bench");
        log("work dir " + dir + ", " + apps + " apps, " + runs + " runs per figure");
        try (GitServer server = GitServer.start(dir.resolve("server"))) {
            server.createRepository("origin.git");
            String direct = server.url("origin.git");
            try (CountingProxy proxy = new CountingProxy(server.port());
                    SpecRepo specs = SpecRepo.create(dir.resolve("work"), direct)) {
                for (int i = 0; i < apps; i++) {
                    specs.write(file(i), spec(app(i), "v1"));
                }
                specs.commitAndPush(apps + " apps");
                String viaProxy = "git://127.0.0.1:" + proxy.port() + "/origin.git";
                steadyTicks(dir, apps, runs, proxy, specs, viaProxy);
            }
            coldStart(server.path("origin.git"), apps, runs);
        }
        String table = markdown(apps, runs);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);
        System.out.println(table);
        log("written to " + out.toAbsolutePath());
    }

    private void steadyTicks(Path dir, int apps, int runs, CountingProxy proxy, SpecRepo specs, String url) {
        FakeFlink flink = new FakeFlink();
        ManualClock clock = new ManualClock();
        Cluster cluster = new Cluster("default", "fake://", flink, flink, flink);
        Clusters clusters = new Clusters(Map.of("default", cluster), null);
        PlannerSettings settings = settings();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (GitRepository repo = GitRepository.open(dir.resolve("mirror"), url, null, 30)) {
            SpecCatalog catalog = new SpecCatalog(repo, new SpecValidator(ValidationSettings.defaults()), List.of("apps"));
            try (Tick tick = new Tick(repo, "main", "status", catalog,
                    new StatusStore(new StatusBranch(repo, "status", new PersonIdent("bench", "bench@x"), 3), new StatusCodec()),
                    new Observer(clusters), new Planner(settings), new Applier(clusters, jars(), settings, clock),
                    settings, 0.5, clock)) {
                long t0 = System.nanoTime();
                int ticks = settle(tick, clock, apps, 40);
                log("steady after " + ticks + " ticks (" + ms(System.nanoTime() - t0) + " ms): "
                        + flink.running() + " jobs RUNNING on the fake Flink port");

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
                    for (AppStatus status : tick.statuses().values()) {
                        catalog.specAt(status.specCommit(), status.specFile());
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
                    tick.run();
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
                                + "The running daemon starts that next tick at once after a tick that pushed a step (Daemon.run), so this is also the daemon's figure; the miss is the write-ahead push of the intent before the stop"));
            }
        }
    }

    /** Ticks (moving the clock a minute each) until every app is RUNNING and nothing is in flight. */
    private static int settle(Tick tick, ManualClock clock, int apps, int max) {
        for (int n = 1; n <= max; n++) {
            TickReport report = tick.run();
            clock.advance(Duration.ofMinutes(1));
            Map<AppId, AppStatus> statuses = tick.statuses();
            long running = statuses.values().stream().filter(s -> s.phase() == Phase.RUNNING).count();
            if (!report.inFlight() && running == apps
                    && report.written().outcome() == StatusBranch.WriteResult.Outcome.UNCHANGED) {
                return n;
            }
        }
        throw new IllegalStateException("not steady after " + max + " ticks: " + phases(tick.statuses()));
    }

    private static Map<Phase, Integer> phases(Map<AppId, AppStatus> statuses) {
        Map<Phase, Integer> count = new HashMap<>();
        statuses.values().forEach(s -> count.merge(s.phase(), 1, Integer::sum));
        return count;
    }

    // ---- B3: cold start, one fresh JVM per run ----

    private void coldStart(Path bareRepo, int apps, int runs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Double> parse = new ArrayList<>();
        List<Double> plan = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        List<Double> fetch = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            Process child = new ProcessBuilder(java, "-Xmx1g",
                    "-Dlogback.configurationFile=logback-bench.xml",
                    "-cp", System.getProperty("java.class.path"), Bench.class.getName(),
                    "--b3-child", bareRepo.toString(), Integer.toString(apps))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String line;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                line = reader.lines().filter(l -> l.startsWith("B3 ")).findFirst().orElse(null);
            }
            if (child.waitFor() != 0 || line == null) {
                throw new IllegalStateException("B3 child run failed (exit " + child.exitValue() + ")");
            }
            String[] f = line.split(" ");
            fetch.add(Double.parseDouble(f[1]));
            parse.add(Double.parseDouble(f[2]));
            plan.add(Double.parseDouble(f[3]));
            total.add(Double.parseDouble(f[4]));
        }
        rows.add(new Row("B3", "cold start, " + apps + " specs: parse + validate + plan", "≤ 1 s",
                Stats.of(total).ms(), Stats.of(total).median() <= 1000,
                "a fresh JVM per run (class loading and JIT included), no status branch yet (first start); "
                        + "parse + validate: " + Stats.of(parse).ms() + "; observe (fake Flink port, 0 jobs) + plan: "
                        + Stats.of(plan).ms() + "; not included: the initial clone, " + Stats.of(fetch).ms()));
    }

    /** One cold start in this (fresh) JVM; prints "B3 fetchMs parseMs planMs totalMs". */
    private static void coldStartChild(String bareRepo, int apps) throws Exception {
        Path dir = Files.createTempDirectory("flink-gitops-b3");
        FakeFlink flink = new FakeFlink();
        Cluster cluster = new Cluster("default", "fake://", flink, flink, flink);
        Clusters clusters = new Clusters(Map.of("default", cluster), null);
        PlannerSettings settings = settings();
        try (GitRepository repo = GitRepository.open(dir.resolve("mirror"), bareRepo, null, 60)) {
            long f0 = System.nanoTime();
            repo.fetch();
            ObjectId head = repo.tip("main").orElseThrow();
            long t0 = System.nanoTime();
            SpecCatalog catalog = new SpecCatalog(repo, new SpecValidator(ValidationSettings.defaults()), List.of("apps"));
            Map<AppId, AppStatus> recorded = Map.of();
            Catalog validated = catalog.read(head, recorded);
            long t1 = System.nanoTime();
            Observed observed = new LiveView(new Observer(clusters), settings).observe(recorded, validated.desired());
            Planner planner = new Planner(settings);
            Instant now = Instant.now();
            Map<AppId, Plan> plans = new LinkedHashMap<>();
            for (AppId id : new TreeSet<>(validated.desired().keySet())) {
                Desired desired = validated.desired().get(id);
                plans.put(id, planner.plan(new PlanInput(id, desired, null, null, null, null, observed, null, now)));
            }
            long t2 = System.nanoTime();
            long starts = plans.values().stream().filter(p -> !(p instanceof Plan.Nothing)).count();
            if (catalog.parses() != apps || starts != apps) {
                throw new IllegalStateException("B3: parsed " + catalog.parses() + ", planned " + starts + " starts, expected " + apps);
            }
            System.out.printf(java.util.Locale.ROOT, "B3 %.3f %.3f %.3f %.3f%n", ms(t0 - f0), ms(t1 - t0), ms(t2 - t1), ms(t2 - t0));
        }
    }

    // ---- output ----

    private String markdown(int apps, int runs) {
        StringBuilder md = new StringBuilder();
        md.append("# flink-gitops benchmarks\n\n");
        md.append("Generated by `java -jar bench/target/benchmarks.jar` (after `mvn -B -Pbench -DskipTests package`) on ")
                .append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(". ")
                .append("Inputs are generated: a git repository of ").append(apps)
                .append(" synthetic `FlinkSessionJob` specs served by a real `git daemon`.\n\n");
        md.append("**Machine:** ").append(machine()).append("\n\n");
        md.append("Each figure: median (min–max, n runs). Harness: plain `System.nanoTime` / `ThreadMXBean` (not JMH: the figures are ")
                .append("counts and event-to-event latencies inside a tick). **Flink is a fake**: the daemon's Flink port is an in-process ")
                .append("fake that reports the ").append(apps).append(" jobs as RUNNING and answers at once, so no Flink REST time is in any figure. ")
                .append("Logging is at ERROR.\n\n");
        md.append("| id | scenario | target | measured: median (min–max, n) | result | notes |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.id()).append(" | ").append(row.scenario()).append(" | ").append(row.target())
                    .append(" | ").append(row.measured()).append(" | ").append(row.pass() ? "pass" : "**miss**")
                    .append(" | ").append(row.notes()).append(" |\n");
        }
        return md.toString();
    }

    private static String machine() {
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores" + (cpu.isEmpty() ? "" : " (" + cpu + ")")
                + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB";
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
