package dev.flinkgitops.daemon;

import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.ClusterName;
import dev.flinkgitops.port.Clusters;
import dev.flinkgitops.jars.ResolvingJars;
import dev.flinkgitops.port.KubeTarget;
import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.config.KubeConfig;
import dev.flinkgitops.kube.KubeLabels;
import dev.flinkgitops.kube.KubernetesTarget;
import dev.flinkgitops.kube.LeaseLeadership;
import dev.flinkgitops.kube.Renderer;
import dev.flinkgitops.kube.Leadership;
import dev.flinkgitops.kube.ServiceUrls;
import dev.flinkgitops.appspec.AppId;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import dev.flinkgitops.flink.EmbeddedFlinkCluster;
import dev.flinkgitops.flink.FlinkRestClient;
import dev.flinkgitops.jars.JarResolver;
import dev.flinkgitops.jars.JarUploads;
import dev.flinkgitops.git.GitCredentials;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.git.GitSsh;
import dev.flinkgitops.notify.DeliveryMeters;
import dev.flinkgitops.notify.Notifier;
import dev.flinkgitops.notify.NotifyUrl;
import dev.flinkgitops.notify.Sender;
import dev.flinkgitops.observe.Observer;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link Daemon} from its configuration: the only place that knows every part. */
public final class Wiring {

    private static final Logger log = LoggerFactory.getLogger(Wiring.class);

    private Wiring() {}

    public static Daemon daemon(DaemonConfig config, Clock clock) {
        if (config.kubernetes() == null) {
            return daemon(config, clock, null);
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        KubeConfig kube = config.kubernetes();
        Leadership leadership = new LeaseLeadership(client, kube.leaseNamespace(), kube.leaseName(),
                Leadership.Timing.DEFAULT, Leadership.Listener.NONE);
        return daemon(config, clock, new KubeAccess(client, ServiceUrls.of(kube.restAccess(), client), leadership, true));
    }

    /**
     * The Kubernetes parts, given from outside (tests pass the mock server's client and a fixed
     * REST URL).
     *
     * @param closeClient whether closing the daemon closes the client
     */
    public record KubeAccess(KubernetesClient client, ServiceUrls urls, Leadership leadership, boolean closeClient) {}

    /**
     * The check before an upgrade's stop: the new version's job graph built from its jar against the restore point
     * (Flink's graph classes loaded in the background from the start), or, turned off, none that says so.
     */
    static dev.flinkgitops.port.StateCompatibility stateCompatibility(DaemonConfig config, JarResolver jars) {
        if (!config.stateCheck()) {
            return dev.flinkgitops.port.StateCompatibility.none("turned off with --no-state-check");
        }
        return new dev.flinkgitops.graph.FlinkStateCompatibility(jars::resolve,
                dev.flinkgitops.graph.FlinkStateCompatibility.DEFAULT_LIMIT, false).warmedUp();
    }

    /**
     * The daemon, its parts started in order, each registered to be closed; on any failure the parts
     * started so far are closed. One sequence over 40 lines: the order is the point (the lock first,
     * ssh and the notification URLs before anything slow, the embedded cluster before the savepoint
     * directory it implies).
     */
    public static Daemon daemon(DaemonConfig config, Clock clock, KubeAccess kube) {
        List<AutoCloseable> resources = new ArrayList<>();
        if (kube != null && kube.closeClient()) {
            resources.add(kube.client());
        }
        try {
            Path work = Files.createDirectories(config.workDir());
            resources.add(lock(work));
            // Before anything slow starts: a missing key or known_hosts file is a start-up error.
            org.eclipse.jgit.transport.sshd.SshdSessionFactory ssh = ssh(config, work, resources);
            // So is a notification URL that cannot be read; its meters are bound to the daemon's once it exists.
            DeliveryMeters notifications = new DeliveryMeters(null);
            Notifier notifier = notifier(config, notifications, resources);
            EmbeddedFlinkCluster embedded = config.embedded() ? embedded(config, work, resources) : null;
            String savepointDir = config.flink().savepointDir() == null && embedded != null
                    ? work.resolve("savepoints").toUri().toString() : config.flink().savepointDir();
            Clusters clusters = clusters(config.flink().clusters(), config.flink().timeout(), embedded, kube);
            Leadership leadership = kube == null ? Leadership.always() : kube.leadership();
            // The NetworkPolicy peers: the target applies and the planner renders the same policy.
            dev.flinkgitops.config.NetworkPeers peers = config.kubernetes() == null
                    ? dev.flinkgitops.config.NetworkPeers.DEFAULTS : config.kubernetes().networkPeers();
            KubeTarget target = kube == null ? KubeTarget.none() : new KubernetesTarget(kube.client(), peers);
            GitRepository repo = GitRepository.open(work.resolve("mirror.git"), config.git().repoUrl(),
                    GitCredentials.from(config.git().username(), config.git().tokenEnv(), config.git().tokenFile(), System.getenv()),
                    ssh, (int) Math.max(1, config.flink().timeout().toSeconds() * 3));
            resources.add(repo);
            PlannerSettings plannerSettings = plannerSettings(config, savepointDir).withRendering(new Renderer(peers));
            JarResolver jars = new JarResolver(config.flink().jarDirs(), work.resolve("jar-cache"));
            Tick tick = Tick.builder(repo, clusters, plannerSettings)
                    .branches(config.git().branch(), config.git().statusBranch())
                    .paths(config.git().paths())
                    .validator(validator(config, savepointDir))
                    .jars(new ResolvingJars(jars, new JarUploads()))
                    .stateCompatibility(stateCompatibility(config, jars))
                    .kubernetes(target)
                    .maxDeletionShare(config.maxDeletionShare())
                    .clock(clock)
                    .leadership(leadership)
                    .notifier(notifier)
                    .build();
            resources.add(tick);
            leadership.start();
            resources.add(leadership);
            Daemon daemon = new Daemon(tick, config.timing().pollInterval(), config.timing().fastInterval(),
                    () -> closeAll(resources), embedded == null ? null : embedded.restUrl(), leadership);
            notifications.bind(daemon.metrics().registry());
            daemon.pages = new dev.flinkgitops.web.WebPages(new dev.flinkgitops.web.PageData(daemon::statuses, daemon::health,
                    new dev.flinkgitops.git.FileHistory(repo), config.git().statusBranch(), name -> flinkUi(clusters, name), clock));
            return daemon;
        } catch (IOException e) {
            closeAll(resources);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /**
     * A sender per configured receiver (URLs read from the environment and files now: a missing one is a
     * start-up error), closed with the daemon after its last tick.
     */
    private static Notifier notifier(DaemonConfig config, DeliveryMeters meters, List<AutoCloseable> resources) {
        Notifier notifier = Notifier.of(NotifyUrl.all(config.notifications(), System.getenv()), Sender.Settings.DEFAULTS, meters);
        resources.add(notifier);
        return notifier;
    }

    /** The web UI of the cluster a job runs on: its REST address when that is an http(s) URL (not a Kubernetes Service). */
    private static String flinkUi(Clusters clusters, String name) {
        return clusters.get(name).map(Cluster::restUrl).filter(url -> url.startsWith("http://") || url.startsWith("https://"))
                .map(dev.flinkgitops.redact.Redact::uri).orElse(null);
    }

    /** The git ssh session factory from the configured key and known_hosts, or null without; an ssh URL needs both. */
    private static org.eclipse.jgit.transport.sshd.SshdSessionFactory ssh(DaemonConfig config, Path work,
            List<AutoCloseable> resources) {
        org.eclipse.jgit.transport.sshd.SshdSessionFactory ssh =
                GitSsh.sessionFactory(config.git().sshKey(), config.git().knownHosts(), work.resolve("ssh"));
        if (ssh != null) {
            resources.add(ssh::close);
        } else if (config.git().repoUrl().startsWith("ssh://") || config.git().repoUrl().matches("^[\\w.-]+@[\\w.-]+:.*")) {
            throw new IllegalArgumentException("an ssh repository needs --git-ssh-key and --git-known-hosts "
                    + "(the daemon never falls back to ~/.ssh)");
        }
        return ssh;
    }

    private static EmbeddedFlinkCluster embedded(DaemonConfig config, Path work, List<AutoCloseable> resources) {
        EmbeddedFlinkCluster.Settings settings = EmbeddedFlinkCluster.Settings.defaults(work.resolve("flink"))
                .withPort(config.flink().embeddedPort()).withTaskSlots(config.flink().embeddedSlots())
                .withAdaptiveScheduler(config.flink().embeddedAdaptive());
        EmbeddedFlinkCluster embedded = EmbeddedFlinkCluster.start(settings);
        resources.add(embedded);
        log.info("embedded Flink cluster: REST and web UI at {}", embedded.restUrl());
        return embedded;
    }

    private static SpecValidator validator(DaemonConfig config, String savepointDir) {
        return new SpecValidator(ValidationSettings.defaults()
                .withDefaultSavepointDirConfigured(savepointDir != null)
                .withDefaultSavepointDir(savepointDir)
                .withKubernetesTarget(config.kubernetes() != null)
                .withNamespaces(config.kubernetes() == null ? java.util.Set.of() : config.kubernetes().namespaces())
                .withTenancy(new dev.flinkgitops.validate.Tenancy(config.tenants()))
                .withIngressNamespace(config.kubernetes() == null ? null : config.kubernetes().networkPeers().ingressNamespace())
                .withPodPolicy(dev.flinkgitops.validate.PodPolicy.parse(config.kubernetes() == null
                        ? dev.flinkgitops.config.KubeConfig.DEFAULT_POD_FORBID : config.kubernetes().podForbid())));
    }

    /** The planner's settings: its patience from the configuration's timing, the savepoint directory as resolved at start. */
    static PlannerSettings plannerSettings(DaemonConfig config, String savepointDir) {
        dev.flinkgitops.config.TimingConfig timing = config.timing();
        return new PlannerSettings(config.flink().defaultCluster(), savepointDir, timing.retryBase(), timing.retryMax(),
                timing.savepointTimeout(), timing.maxAttempts(), config.kubernetes() != null)
                .withDriftReplaceInterval(timing.driftReplaceInterval());
    }

    /**
     * An observer of live Flink (and Kubernetes) state, for {@code plan --live}: it reads, never acts.
     *
     * @param kube the Kubernetes parts, or null
     */
    public static Observer observer(Map<String, URI> clusters, Duration timeout, KubeAccess kube) {
        Clusters resolved = clusters(clusters, timeout, null, kube);
        return kube == null ? new Observer(resolved) : new Observer(resolved, new KubernetesTarget(kube.client()));
    }

    private static Clusters clusters(Map<String, URI> configured, Duration timeout, EmbeddedFlinkCluster embedded,
            KubeAccess kube) {
        Map<String, Cluster> byName = new LinkedHashMap<>();
        configured.forEach((name, url) -> byName.put(name, cluster(name, url, timeout)));
        Cluster fallback = embedded == null ? null : cluster("embedded", embedded.restUrl(), timeout);
        if (kube == null) {
            return new Clusters(byName, fallback);
        }
        return new Clusters(byName, fallback, name -> {
            AppId app = ClusterName.of(name).app();
            String service = KubeLabels.restServiceName(app);
            FlinkRestClient client = new FlinkRestClient(() -> kube.urls().url(app.namespace(), service), timeout);
            return new Cluster(name, "service " + app.namespace() + "/" + service, client, client, client, client);
        });
    }

    private static Cluster cluster(String name, URI url, Duration timeout) {
        FlinkRestClient client = new FlinkRestClient(url, timeout);
        return new Cluster(name, url.toString(), client, client, client, client);
    }

    /** One daemon per work directory: a second one would write the same status branch. */
    private static AutoCloseable lock(Path work) throws IOException {
        FileChannel channel = FileChannel.open(work.resolve("daemon.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another flink-gitops daemon uses the work directory " + work);
        }
        return () -> {
            lock.release();
            channel.close();
        };
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resources.get(i), e.getMessage());
            }
        }
    }
}
