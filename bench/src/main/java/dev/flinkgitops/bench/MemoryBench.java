package dev.flinkgitops.bench;

import static dev.flinkgitops.bench.BenchFixtures.app;
import static dev.flinkgitops.bench.BenchFixtures.file;
import static dev.flinkgitops.bench.BenchFixtures.spec;

import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.DaemonProcess;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.SpecRepo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * B7: the daemon's memory with {@code apps} jobs RUNNING, and its start-up, measured on the real
 * daemon jar run as a child JVM ({@code java OPTIONS -jar flink-gitops.jar run ...}) against a
 * {@link FakeFlinkServer} in this JVM, i.e. in another process than the daemon. The JVM options
 * measured are those the Dockerfile's ENTRYPOINT ships, and for comparison the plain
 * {@code java -jar} defaults. Linux only (/proc).
 *
 * <p>Alone: {@code java -cp bench/target/benchmarks.jar dev.flinkgitops.bench.MemoryBench [--apps N]
 * [--runs N] [--jvm "OPTIONS"]...} (with --jvm: only those option sets, steady state only; an
 * option set with -XX:NativeMemoryTracking=summary also writes {@code jcmd VM.native_memory}).
 */
final class MemoryBench {

    /** Every spec's jar: the example job bundled in the daemon jar, which it resolves without a download. */
    static final String JAR_URI = "local:///opt/flink/usrlib/flink-gitops-example-job.jar";
    /** Ticks after the deployment before measuring (the JIT is still busy), then ticks measured. */
    private static final int WARMUP_TICKS = 10;
    private static final int STEADY_TICKS = 10;
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final String RUNNING = "flinkgitops_apps{phase=\"RUNNING\"";

    /** One daemon run: steady RSS (largest sample after a tick), peak RSS, time to deploy every job, per-tick CPU. */
    record Steady(double rssMiB, double hwmMiB, double deployMs, double cpuMsPerTick, double tickMs) {}

    private final Path dir;
    private final String repoUrl;
    private final int apps;
    private final Path jar = codeSource(dev.flinkgitops.cli.Main.class);

    private MemoryBench(Path dir, String repoUrl, int apps) {
        this.dir = dir;
        this.repoUrl = repoUrl;
        this.apps = apps;
    }

    /** Creates {@code b7.git} on the server with {@code apps} specs and measures; the rows of B7. */
    static List<Bench.Row> run(Path workDir, GitServer server, int apps, int runs) {
        MemoryBench bench = create(workDir, server, apps);
        List<String> shipped = shippedJvmOptions();
        List<Steady> defaults = bench.runs("default", List.of(), runs, null);
        List<Double> healthz = new ArrayList<>();
        List<Double> readyz = new ArrayList<>();
        List<Steady> tuned = bench.runs("shipped", shipped, runs, (id, fake) -> bench.startups(id, shipped, fake, runs, healthz, readyz));
        Stats rss = stat(tuned, Steady::rssMiB);
        String flags = String.join(" ", shipped);
        String fake = "Flink is a fake: a REST server in the bench JVM (another process than the daemon) reporting the "
                + apps + " jobs RUNNING; real `git daemon`";
        return List.of(
                new Bench.Row("B7", "daemon RSS, " + apps + " apps RUNNING, steady 1 s ticks (`java " + flags + " -jar`)",
                        "≤ 256 MiB", mib(rss), rss.max() <= 256,
                        "VmRSS of the daemon process, largest of " + STEADY_TICKS + " samples (one per steady tick, after " + WARMUP_TICKS
                                + " warm-up ticks) per run, "
                                + "a fresh daemon, work dir and status branch per run, which first deploys all " + apps + " jobs ("
                                + stat(tuned, Steady::deployMs).ms() + "); peak VmHWM incl. that deployment: "
                                + mib(stat(tuned, Steady::hwmMiB)) + "; tick wall (daemon's /metrics): " + stat(tuned, Steady::tickMs).ms()
                                + ", process CPU per steady tick: " + stat(tuned, Steady::cpuMsPerTick).ms()
                                + ". Plain `java -jar` defaults on this machine (G1, max heap 1/4 of RAM): RSS "
                                + mib(stat(defaults, Steady::rssMiB)) + ", peak " + mib(stat(defaults, Steady::hwmMiB))
                                + ", CPU per tick " + stat(defaults, Steady::cpuMsPerTick).ms() + ". " + fake),
                new Bench.Row("B7", "jar start-up: exec → /healthz 200", "≤ 2 s", Stats.of(healthz).ms(),
                        Stats.of(healthz).median() <= 2000,
                        "`java " + flags + " -jar flink-gitops.jar run` on an existing work dir and status branch (all "
                                + apps + " apps RUNNING), polled every 5 ms; the port opens after the daemon is wired (git mirror opened)"),
                new Bench.Row("B7", "same: exec → /readyz 200 (first successful tick)", "≤ 2 s", Stats.of(readyz).ms(),
                        Stats.of(readyz).median() <= 2000,
                        "the first tick fetches, reads the " + apps + " statuses and specs, lists the fake's " + apps
                                + " jobs and has nothing to do; " + fake));
    }

    static MemoryBench create(Path workDir, GitServer server, int apps) {
        String url = server.createRepository("b7.git");
        try (SpecRepo specs = SpecRepo.create(workDir.resolve("b7-specs"), url)) {
            for (int i = 0; i < apps; i++) {
                specs.write(file(i), spec(app(i), "v1").replace("file:///jobs/counter.jar", JAR_URI));
            }
            specs.commitAndPush(apps + " apps");
        }
        return new MemoryBench(workDir, url, apps);
    }

    interface AfterLast {
        void accept(String id, FakeFlinkServer fake);
    }

    /** {@code runs} fresh daemons with these JVM options; {@code afterLast} gets the last run's world while its fake still runs. */
    List<Steady> runs(String label, List<String> jvm, int runs, AfterLast afterLast) {
        List<Steady> result = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            String id = label + "-" + r;
            try (FakeFlinkServer fake = FakeFlinkServer.start()) {
                Steady steady = steady(id, jvm, fake);
                log(String.format(Locale.ROOT, "%s: RSS %.0f MiB, peak %.0f MiB, deploy %.0f ms, CPU/tick %.1f ms, tick %.1f ms",
                        id, steady.rssMiB(), steady.hwmMiB(), steady.deployMs(), steady.cpuMsPerTick(), steady.tickMs()));
                result.add(steady);
                if (r == runs - 1 && afterLast != null) {
                    afterLast.accept(id, fake);
                }
            }
        }
        return result;
    }

    private Steady steady(String id, List<String> jvm, FakeFlinkServer fake) {
        int port = freePort();
        long t0 = System.nanoTime();
        try (DaemonProcess daemon = DaemonProcess.start(id, dir.resolve("b7-logs"), jar, jvm, args(id, fake, port))) {
            ProcessProbe probe = new ProcessProbe(daemon.pid(), URI.create("http://127.0.0.1:" + port));
            Await.until(DEPLOY_TIMEOUT, apps + " jobs RUNNING on the fake and in the daemon's metrics", () -> {
                alive(daemon);
                return fake.running() == apps && probe.metricOrZero(RUNNING) == apps;
            });
            double deployMs = Bench.ms(System.nanoTime() - t0);
            // Ticks are counted by the fake's job listings (one per tick), so nothing scrapes the daemon between two.
            long ticks = awaitTicks(daemon, fake, fake.listings() + WARMUP_TICKS);
            double sum0 = probe.metricOrZero("flinkgitops_tick_seconds_sum");
            double count0 = probe.metricOrZero("flinkgitops_tick_seconds_count");
            double cpu0 = probe.cpuMs();
            double rss = 0;
            for (int i = 1; i <= STEADY_TICKS; i++) {
                awaitTicks(daemon, fake, ticks + i);
                rss = Math.max(rss, probe.statusMiB("VmRSS"));
            }
            double cpuMs = (probe.cpuMs() - cpu0) / STEADY_TICKS;
            double tickMs = (probe.metricOrZero("flinkgitops_tick_seconds_sum") - sum0) * 1000
                    / Math.max(1, probe.metricOrZero("flinkgitops_tick_seconds_count") - count0);
            if (fake.running() != apps || probe.metricOrZero(RUNNING) != apps) {
                throw new IllegalStateException(id + ": not steady: " + fake.running() + " jobs RUNNING");
            }
            if (String.join(" ", jvm).contains("NativeMemoryTracking")) {
                nativeMemory(id, daemon.pid());
            }
            return new Steady(rss, probe.statusMiB("VmHWM"), deployMs, cpuMs, tickMs);
        }
    }

    /** Restarts on the finished run's work dir and status branch: exec → /healthz and → /readyz. */
    private void startups(String id, List<String> jvm, FakeFlinkServer fake, int runs, List<Double> healthz, List<Double> readyz) {
        long started = fake.runs();
        for (int r = 0; r < runs; r++) {
            int port = freePort();
            long t0 = System.nanoTime();
            try (DaemonProcess daemon = DaemonProcess.start(id + "-restart-" + r, dir.resolve("b7-logs"), jar, jvm,
                    args(id, fake, port))) {
                ProcessProbe probe = new ProcessProbe(daemon.pid(), URI.create("http://127.0.0.1:" + port));
                healthz.add(ProcessProbe.msUntil(t0, START_TIMEOUT, "/healthz of " + daemon.name(), () -> probe.status("/healthz") == 200));
                readyz.add(ProcessProbe.msUntil(t0, START_TIMEOUT, "/readyz of " + daemon.name(), () -> probe.status("/readyz") == 200));
                log(String.format(Locale.ROOT, "%s: /healthz %.0f ms, /readyz %.0f ms", daemon.name(),
                        healthz.get(healthz.size() - 1), readyz.get(readyz.size() - 1)));
            }
        }
        if (fake.runs() != started || fake.running() != apps) {
            throw new IllegalStateException("a restart started jobs: " + (fake.runs() - started) + " runs, " + fake.running() + " RUNNING");
        }
    }

    private List<String> args(String id, FakeFlinkServer fake, int port) {
        return List.of("run", "--repo", repoUrl, "--cluster", "default=" + fake.url(), "--http", "127.0.0.1:" + port,
                "--work-dir", dir.resolve("b7-" + id).toString(), "--status-branch", "status-b7-" + id,
                "--interval", "1s", "--savepoint-dir", dir.resolve("b7-savepoints").toUri().toString());
    }

    private static long awaitTicks(DaemonProcess daemon, FakeFlinkServer fake, long count) {
        return Await.value(Duration.ofSeconds(30), "tick " + count + " of " + daemon.name(), () -> {
            alive(daemon);
            long ticks = fake.listings();
            return ticks >= count ? ticks : null;
        });
    }

    private static void alive(DaemonProcess daemon) {
        if (!daemon.alive()) {
            throw new AssertionError(daemon.name() + " ended:\n" + daemon.tail(30));
        }
    }

    private void nativeMemory(String id, long pid) {
        try {
            Path out = dir.resolve("b7-logs").resolve(id + ".nmt.txt");
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "VM.native_memory", "summary").redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IllegalStateException("jcmd failed: " + Files.readString(out));
            }
            log("native memory of " + id + ": " + out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM options between "java" and "-jar" in the Dockerfile's ENTRYPOINT: what the image ships. */
    static List<String> shippedJvmOptions() {
        Path dockerfile = codeSource(MemoryBench.class);
        while (dockerfile != null && !Files.isRegularFile(dockerfile.resolve("Dockerfile"))) {
            dockerfile = dockerfile.getParent();
        }
        try {
            String entrypoint = Files.readAllLines(dockerfile.resolve("Dockerfile")).stream()
                    .filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
            List<String> words = new ArrayList<>();
            Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(entrypoint);
            while (quoted.find()) {
                words.add(quoted.group(1));
            }
            return List.copyOf(words.subList(1, words.indexOf("-jar")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("no ENTRYPOINT [\"java\", ..., \"-jar\", ...] in a Dockerfile above " + codeSource(MemoryBench.class), e);
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stats stat(List<Steady> runs, Function<Steady, Double> field) {
        return Stats.of(runs.stream().map(field).toList());
    }

    static String mib(Stats stats) {
        return stats.counts().replaceFirst(" ", " MiB ");
    }

    static void log(String message) {
        System.err.println("[bench B7] " + message);
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
        int apps = 1000;
        int runs = 5;
        List<String> jvms = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--apps" -> apps = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--jvm" -> jvms.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (use --apps N, --runs N, --jvm OPTIONS)");
            }
        }
        Path dir = Files.createTempDirectory("flink-gitops-b7");
        log("work dir " + dir + ", daemon jar " + codeSource(dev.flinkgitops.cli.Main.class) + ", shipped JVM options " + shippedJvmOptions());
        try (GitServer server = GitServer.start(dir.resolve("server"))) {
            if (jvms.isEmpty()) {
                run(dir, server, apps, Math.max(5, runs)).forEach(row -> System.out.println("| " + String.join(" | ", row.id(),
                        row.scenario(), row.target(), row.measured(), row.pass() ? "pass" : "**miss**", row.notes()) + " |"));
                return;
            }
            MemoryBench bench = create(dir, server, apps);
            for (int j = 0; j < jvms.size(); j++) {
                List<String> jvm = jvms.get(j).isBlank() ? List.of() : List.of(jvms.get(j).trim().split("\\s+"));
                List<Steady> steady = bench.runs("jvm" + j, jvm, runs, null);
                System.out.println("`" + jvms.get(j) + "`: RSS " + mib(stat(steady, Steady::rssMiB)) + ", peak "
                        + mib(stat(steady, Steady::hwmMiB)) + ", CPU/tick " + stat(steady, Steady::cpuMsPerTick).ms()
                        + ", tick " + stat(steady, Steady::tickMs).ms() + ", deploy " + stat(steady, Steady::deployMs).ms());
            }
        }
    }
}
