package dev.flinkgitops.bench;

import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.DaemonProcess;
import dev.flinkgitops.testing.FaultProxy;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.RemoteStatus;
import dev.flinkgitops.testing.SpecRepo;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end setting of B4-B6 and B8, every part a process of its own: a real Flink cluster
 * ({@link FlinkChild}), the daemon jar as shipped ({@code java -jar flink-gitops.jar run}, default
 * poll and fast intervals, a webhook secret), and a spec repository served by {@code git daemon}.
 * The apps are the example counter job (keyed state), one per spec. Optionally the daemon reaches
 * Flink through a {@link FaultProxy} (faults off until the benchmark asks for one).
 */
final class UpgradeWorld implements AutoCloseable {

    static final String NAMESPACE = "bench";

    /** How an app's job is run: its keys, its input rate, and extra keyed state per key (bytes). */
    record Shape(int keys, int rate, int stateBytes) {
        static final Shape SMALL = new Shape(8, 50, 0);

        long stateSize() {
            return (long) keys * stateBytes;
        }
    }
    private static final String SECRET = "bench-webhook-secret";
    private static final Pattern PHASE = Pattern.compile("(?m)^flinkgitops_apps\\{phase=\"(\\w+)\"[^}]*\\}\\s+([0-9.]+)");

    private final Path dir;
    private final SpecRepo specs;
    private final FlinkChild flink;
    private final DaemonProcess daemon;
    private final URI daemonHttp;
    private final HttpClient http = HttpClient.newHttpClient();
    private final int apps;
    private final Map<String, Shape> shapes;
    private final ProcessProbe probe;
    private final FaultProxy proxy;
    private final Path remote;
    /** B10's apps: parallelism per app (1 until {@link #commitParallelism}) and checkpoints every second. */
    private final Map<String, Integer> parallelism = new java.util.concurrent.ConcurrentHashMap<>();
    private final boolean checkpointed;

    private UpgradeWorld(Path dir, SpecRepo specs, FlinkChild flink, FaultProxy proxy, DaemonProcess daemon, URI daemonHttp,
            int apps, Map<String, Shape> shapes, Path remote, boolean checkpointed) {
        this.checkpointed = checkpointed;
        this.remote = remote;
        this.proxy = proxy;
        this.shapes = shapes;
        this.probe = new ProcessProbe(daemon.pid(), daemonHttp);
        this.dir = dir;
        this.specs = specs;
        this.flink = flink;
        this.daemon = daemon;
        this.daemonHttp = daemonHttp;
        this.apps = apps;
    }

    /**
     * Starts Flink, writes one spec per daemon app at tag {@code v0}, starts the daemon and waits
     * until every one runs. {@code shapes} names the apps (daemon's or not) that are not {@link Shape#SMALL}.
     */
    static UpgradeWorld start(Path dir, GitServer git, Collection<String> appNames, Map<String, Shape> shapes, int slots)
            throws IOException {
        return start(dir, git, appNames, shapes, slots, false);
    }

    /** As above; with {@code proxied}, the daemon's cluster URL is a {@link FaultProxy} in front of Flink (faults off). */
    static UpgradeWorld start(Path dir, GitServer git, Collection<String> appNames, Map<String, Shape> shapes, int slots,
            boolean proxied) throws IOException {
        return start(dir, git, appNames, shapes, slots, proxied, false, false);
    }

    /**
     * B10's world: the apps checkpoint every second (as a rescale in place needs), and with {@code adaptive} the
     * cluster runs Flink's adaptive scheduler.
     */
    static UpgradeWorld rescaling(Path dir, GitServer git, Collection<String> appNames, int slots, boolean adaptive)
            throws IOException {
        return start(dir, git, appNames, Map.of(), slots, false, true, adaptive);
    }

    /** B12's world: as {@link #start(Path, GitServer, Collection, Map, int)}, the daemon run with {@code daemonFlags} too. */
    static UpgradeWorld withDaemonFlags(Path dir, GitServer git, Collection<String> appNames, int slots, List<String> daemonFlags)
            throws IOException {
        return start(dir, git, appNames, Map.of(), slots, false, false, false, daemonFlags);
    }

    private static UpgradeWorld start(Path dir, GitServer git, Collection<String> appNames, Map<String, Shape> shapes,
            int slots, boolean proxied, boolean rescaling, boolean adaptive) throws IOException {
        return start(dir, git, appNames, shapes, slots, proxied, rescaling, adaptive, List.of());
    }

    private static UpgradeWorld start(Path dir, GitServer git, Collection<String> appNames, Map<String, Shape> shapes,
            int slots, boolean proxied, boolean rescaling, boolean adaptive, List<String> daemonFlags) throws IOException {
        FlinkChild flink = FlinkChild.start(dir.resolve("flink"), slots, adaptive);
        FaultProxy proxy = proxied ? FaultProxy.start(flink.restUrl(), 1, Duration.ofSeconds(5)) : null;
        URI cluster = proxied ? proxy.url() : flink.restUrl();
        String repository = dir.getFileName() + ".git";
        String url = git.createRepository(repository);
        SpecRepo specs = SpecRepo.create(dir.resolve("specs"), url);
        for (String app : appNames) {
            specs.write(file(app), spec(app, jobArgs(dir, shapes.getOrDefault(app, Shape.SMALL), app, tag(app, 0)), 1, rescaling));
        }
        specs.commitAndPush(appNames.size() + " counter apps");
        Path secret = Files.writeString(dir.resolve("webhook-secret"), SECRET, StandardCharsets.UTF_8);
        int port = GitServer.freePort();
        List<String> args = new java.util.ArrayList<>(List.of("run",
                "--repo", url, "--cluster", "default=" + cluster, "--http", "127.0.0.1:" + port,
                "--work-dir", dir.resolve("daemon").toString(), "--webhook-secret-file", secret.toString(),
                "--savepoint-dir", dir.resolve("savepoints").toUri().toString()));
        args.addAll(daemonFlags);
        DaemonProcess daemon = DaemonProcess.start("daemon", dir.resolve("logs"), null, args);
        UpgradeWorld world = new UpgradeWorld(dir, specs, flink, proxy, daemon, URI.create("http://127.0.0.1:" + port + "/"),
                appNames.size(), shapes, git.path(repository), rescaling);
        world.awaitSettled(Duration.ofMinutes(3));
        return world;
    }

    static String tag(String app, int generation) {
        return app + ".v" + generation;
    }

    /** The job name the example job gives itself under {@code tag}. */
    static String jobName(String tag) {
        return "flink-gitops example counter (" + tag + ")";
    }

    /** The job's arguments: its tag, and its output in this world's {@code out/<app>}. */
    List<String> jobArgs(String app, String tag) {
        return jobArgs(dir, shape(app), app, tag);
    }

    private static List<String> jobArgs(Path dir, Shape shape, String app, String tag) {
        return List.of("--tag", tag, "--keys", Integer.toString(shape.keys()), "--rate", Integer.toString(shape.rate()),
                "--state-bytes", Integer.toString(shape.stateBytes()), "--output", dir.resolve("out").resolve(app).toString());
    }

    Shape shape(String app) {
        return shapes.getOrDefault(app, Shape.SMALL);
    }

    Path output(String app) {
        return dir.resolve("out").resolve(app);
    }

    FlinkChild flink() {
        return flink;
    }

    /** The proxy between the daemon and Flink (a world started with {@code proxied}). */
    FaultProxy proxy() {
        if (proxy == null) {
            throw new IllegalStateException("this world's daemon talks to Flink directly");
        }
        return proxy;
    }

    /** The status branch's record of an app, as the spec repository's server holds it (null while none). */
    String statusRecord(String app) {
        RemoteStatus status = RemoteStatus.read(remote);
        try {
            return status.tip() == null ? null : status.file(NAMESPACE + "/" + app + ".yaml");
        } finally {
            status.repository().close();
        }
    }

    /** Commits the apps' specs at {@code generation} in one commit and pushes it; returns when the push is done. */
    void commit(Collection<String> appNames, int generation) {
        for (String app : appNames) {
            specs.write(file(app), spec(app, jobArgs(app, tag(app, generation)), parallelism.getOrDefault(app, 1), checkpointed));
        }
        specs.commitAndPush(appNames.size() + " app(s) to generation " + generation);
    }

    /** Commits a change of {@code app}'s {@code job.parallelism} alone (its tag stays generation 0's) and pushes it. */
    void commitParallelism(String app, int newParallelism) {
        parallelism.put(app, newParallelism);
        specs.write(file(app), spec(app, jobArgs(app, tag(app, 0)), newParallelism, checkpointed));
        specs.commitAndPush(app + " to parallelism " + newParallelism);
    }

    /** A signed GitHub push event to the daemon's /webhook. */
    void webhook() {
        byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(daemonHttp.resolve("webhook"))
                    .header("X-GitHub-Event", "push")
                    .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("webhook: HTTP " + answer.statusCode() + " " + answer.body());
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("webhook", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until the daemon reports every app RUNNING and none in any other phase (its /metrics). */
    void awaitSettled(Duration timeout) {
        try {
            Await.until(timeout, "every app RUNNING in the daemon's metrics", this::settled);
        } catch (AssertionError | RuntimeException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + daemon.tail(40), e);
        }
    }

    /** Asserts that each app's job under {@code newTag} continued the counts of {@code oldTag} (keyed state restored). */
    void assertContinued(String app, String oldTag, String newTag) {
        Await.until(Duration.ofSeconds(30), app + " output under " + newTag,
                () -> CounterOutput.hasAllKeys(output(app), newTag, shape(app).keys()));
        CounterOutput.assertContinued(output(app), oldTag, newTag);
    }

    /** The daemon's log so far (its standard output). */
    String daemonLog() {
        return daemon.stdout();
    }

    /** When the daemon's last successful tick ended (epoch ms, from its /metrics). */
    long lastTickMillis() {
        double seconds = probe.metric("flinkgitops_last_successful_tick_seconds ").orElseThrow(
                () -> new IllegalStateException("no flinkgitops_last_successful_tick_seconds in the daemon's metrics"));
        return (long) (seconds * 1000);
    }

    /** Whether the daemon reports every app RUNNING and none in any other phase (its /metrics, read now). */
    boolean settled() {
        Matcher m = PHASE.matcher(probe.metrics());
        int running = 0;
        int other = 0;
        while (m.find()) {
            int count = (int) Double.parseDouble(m.group(2));
            if (m.group(1).equals("RUNNING")) {
                running += count;
            } else {
                other += count;
            }
        }
        return running == apps && other == 0;
    }

    private static String file(String app) {
        return "apps/" + app + ".yaml";
    }

    /** The example job, bundled in the daemon jar (local:// jars resolve to it by name); checkpoints every second. */
    private static String spec(String app, List<String> jobArgs, int parallelism, boolean checkpointed) {
        String spec = BenchFixtures.sessionJob(app, NAMESPACE, "local:///opt/flink/usrlib/flink-gitops-example-job.jar",
                UpgradeBench.ENTRY_CLASS, jobArgs, parallelism);
        return checkpointed ? spec.replace("spec:\n", "spec:\n  flinkConfiguration:\n    execution.checkpointing.interval: \"1s\"\n")
                : spec;
    }

    @Override
    public void close() {
        daemon.close();
        if (proxy != null) {
            proxy.close();
        }
        specs.close();
        flink.close();
    }
}
