package dev.flinkgitops.kube;

import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.config.KubeConfig;
import dev.flinkgitops.daemon.Daemon;
import dev.flinkgitops.daemon.Wiring;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.ApiServerMutations;
import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.CounterOutput;
import dev.flinkgitops.testing.ExampleJob;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.Kubelet;
import dev.flinkgitops.testing.SpecRepo;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes target against fabric8's test server (CRUD mode) with a real Flink cluster
 * standing in behind every REST Service, and {@link Kubelet} starting the job each JobManager
 * Deployment asks for.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AppId APP = new AppId("payments", "orders");
    private static final String FILE = "apps/payments/orders.yaml";
    /** Where a REST Service without a ready JobManager leads: a port nothing listens on (connection refused). */
    private static final java.net.URI NO_JOBMANAGER = java.net.URI.create("http://127.0.0.1:1");

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    KubernetesClient client;
    KubernetesMockServer server;

    private Path dir;
    private SpecRepo specs;
    private Daemon daemon;
    private Kubelet kubelet;
    /** When set, the policy engine's mutations are made after each tick, before the kubelet stand-in acts. */
    private ApiServerMutations admission;

    private void setUp(TestInfo test) throws Exception {
        String name = test.getTestMethod().orElseThrow().getName();
        dir = Files.createDirectories(WORLD.root().resolve(name));
        String url = WORLD.world().git().createRepository(name + ".git");
        specs = SpecRepo.create(dir.resolve("specs"), url);
        DaemonConfig config = DaemonConfig.of(url).withWorkDir(dir.resolve("daemon"))
                .withTiming(timing -> timing.withIntervals(Duration.ofSeconds(10), Duration.ofMillis(100)))
                .withFlink(flink -> flink.withSavepointDir(dir.resolve("savepoints").toUri().toString()))
                .withKubernetes(new KubeConfig(Set.of("payments", "analytics"), "dns", "flink-gitops", "default"));
        kubelet = new Kubelet(client, WORLD.world().flink());
        java.net.URI flink = WORLD.world().cluster().restUrl();
        ServiceUrls urls = (namespace, service) -> kubelet.answers(namespace, service) ? flink : NO_JOBMANAGER;
        daemon = Wiring.daemon(config, Clock.systemUTC(), new Wiring.KubeAccess(client, urls, Leadership.always(), false));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (specs != null) {
            specs.close();
        }
        WORLD.world().cancelAll();
    }

    private String spec(String tag, String extraJob) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: orders
                  namespace: payments
                spec:
                  image: flink:2.3-java17
                %s  flinkConfiguration:
                    execution.checkpointing.interval: "1s"
                    taskmanager.numberOfTaskSlots: "2"
                  jobManager:
                    resource: {memory: "1600m", cpu: 1}
                  taskManager:
                    resource: {memory: "1728m", cpu: 1}
                  job:
                    jarURI: local:///opt/flink/usrlib/%s
                    entryClass: %s
                    args: ["--tag", "%s", "--rate", "40", "--output", "%s"]
                    parallelism: 2
                    upgradeMode: savepoint
                """.formatted(sharedVolume(), ExampleJob.JAR_NAME, ExampleJob.ENTRY_CLASS, tag, dir.resolve("output")) + extraJob;
    }

    /**
     * The daemon's file:// savepoint directory on a persistentVolumeClaim volume in every Flink pod: on Kubernetes a
     * local savepoint directory is valid only so (the kubelet stand-in's pods share this machine's disk).
     */
    private String sharedVolume() {
        return """
                  podTemplate:
                    spec:
                      containers:
                        - name: flink-main-container
                          volumeMounts: [{name: savepoints, mountPath: "%s"}]
                      volumes:
                        - name: savepoints
                          persistentVolumeClaim: {claimName: flink-savepoints}
                """.formatted(dir.resolve("savepoints"));
    }

    /** Ticks (and lets the kubelet stand-in start what the daemon asked for) until {@code done}. */
    private AppStatus tickUntil(AppId app, String what, Predicate<AppStatus> done) {
        return Await.value(WAIT, what, () -> {
            daemon.tickOnce();
            if (admission != null) {
                admission.sync();
            }
            kubelet.sync();
            AppStatus status = daemon.statuses().get(app);
            return status != null && done.test(status) ? status : null;
        });
    }

    private AppStatus running(String commit) {
        return tickUntil(APP, "RUNNING at " + commit, s -> s.phase() == Phase.RUNNING && commit.equals(s.specCommit()));
    }

    private Deployment jobManager() {
        return client.apps().deployments().inNamespace("payments").withName("orders-jobmanager").get();
    }

    private List<String> jobManagerArgs() {
        return Kubelet.mainContainer(jobManager().getSpec().getTemplate().getSpec()).getArgs();
    }

    @Test
    void anApplicationBecomesItsOwnClusterAndUpgradesThroughASavepoint(TestInfo test) throws Exception {
        setUp(test);
        AppStatus first = running(specs.write(FILE, spec("v1", "")).commitAndPush("v1"));

        Deployment jobManager = jobManager();
        assertNotNull(client.configMaps().inNamespace("payments").withName("orders-flink-config").get());
        assertNotNull(client.services().inNamespace("payments").withName("orders-rest").get());
        Deployment taskManagers = client.apps().deployments().inNamespace("payments").withName("orders-taskmanager").get();
        assertEquals(1, taskManagers.getSpec().getReplicas(), "parallelism 2 over 2 slots");
        assertEquals(jobManager.getMetadata().getUid(), taskManagers.getMetadata().getOwnerReferences().get(0).getUid());
        assertEquals(first.job().id(), jobManagerArgs().get(jobManagerArgs().indexOf("--job-id") + 1));
        assertEquals("k8s/payments/orders", first.job().cluster());
        Await.until(WAIT, "v1 counts", () -> CounterOutput.hasAllKeys(dir.resolve("output"), "v1", 4));

        AppStatus upgraded = running(specs.write(FILE, spec("v2", "")).commitAndPush("v2"));

        assertNotEquals(first.job().id(), upgraded.job().id());
        assertEquals(JobState.FINISHED, WORLD.world().state(first.job().id()), "stopped with a savepoint through the Service");
        List<String> args = jobManagerArgs();
        assertEquals(upgraded.lastSavepoint().path(), args.get(args.indexOf("--fromSavepoint") + 1));
        assertEquals(upgraded.job().id(), args.get(args.indexOf("--job-id") + 1));
        Await.until(WAIT, "v2 counts", () -> CounterOutput.hasAllKeys(dir.resolve("output"), "v2", 4));
        CounterOutput.assertContinued(dir.resolve("output"), "v1", "v2");
    }

    @Test
    void objectsChangedOrDeletedOutsideAreHealedAndAnEditedJobManagerGoesThroughASavepoint(TestInfo test)
            throws Exception {
        setUp(test);
        AppStatus running = running(specs.write(FILE, spec("v1", "")).commitAndPush("v1"));

        client.services().inNamespace("payments").withName("orders-rest").delete();
        client.apps().deployments().inNamespace("payments").withName("orders-taskmanager")
                .edit(d -> { d.getSpec().setReplicas(5); return d; });
        AppStatus healed = tickUntil(APP, "drift healed", s -> s.message() != null && s.message().startsWith("drift healed"));
        assertTrue(healed.message().contains("Service/orders-rest"), healed.message());
        assertNotNull(client.services().inNamespace("payments").withName("orders-rest").get());
        assertEquals(1, client.apps().deployments().inNamespace("payments").withName("orders-taskmanager").get()
                .getSpec().getReplicas());
        assertEquals(running.job().id(), healed.job().id(), "healing these does not touch the job");

        Await.until(WAIT, "v1 counts", () -> CounterOutput.hasAllKeys(dir.resolve("output"), "v1", 4));
        client.apps().deployments().inNamespace("payments").withName("orders-jobmanager").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("someone/else:latest");
            return d;
        });
        AppStatus replaced = tickUntil(APP, "the JobManager replaced through a savepoint",
                s -> s.phase() == Phase.RUNNING && !s.job().id().equals(running.job().id()));
        assertEquals("flink:2.3-java17", jobManager().getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals(replaced.lastSavepoint().path(), replaced.job().restoredFrom());
        assertEquals(JobState.FINISHED, WORLD.world().state(running.job().id()));

        // Edited again within the window (driftReplaceInterval, 10 min): held back and said, never a loop.
        client.apps().deployments().inNamespace("payments").withName("orders-jobmanager").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("someone/else:latest");
            return d;
        });
        AppStatus held = tickUntil(APP, "the second replacement held back", s -> s.message() != null
                && s.message().startsWith("JobManager edited outside the daemon: replacement held back until "));
        assertEquals(replaced.job().id(), held.job().id(), "no second replacement within the window");
        assertEquals(Phase.RUNNING, held.phase());
        assertNotNull(held.drift().heldBackAt());
        assertEquals(JobState.RUNNING, WORLD.world().state(replaced.job().id()));
    }

    @Test
    void aJobManagerDeletedOutsideIsStartedAgainFromTheLastSavepoint(TestInfo test) throws Exception {
        setUp(test);
        running(specs.write(FILE, spec("v1", "")).commitAndPush("v1"));
        String nonce = specs.write(FILE, spec("v1", "    savepointTriggerNonce: 1\n")).commitAndPush("savepoint");
        AppStatus saved = tickUntil(APP, "a manual savepoint", s -> s.lastSavepoint() != null && s.phase() == Phase.RUNNING
                && nonce.equals(s.specCommit()));

        client.apps().deployments().inNamespace("payments").withName("orders-jobmanager").delete();
        kubelet.sync();
        AppStatus restarted = tickUntil(APP, "restarted", s -> s.phase() == Phase.RUNNING
                && !s.job().id().equals(saved.job().id()));

        assertEquals(saved.lastSavepoint().path(), restarted.job().restoredFrom());
        assertNotNull(jobManager(), "the JobManager Deployment is back");
        assertEquals(JobState.RUNNING, WORLD.world().state(restarted.job().id()));
    }

    /**
     * An upgrade to an image the kubelet cannot pull: the status says why the JobManager is not up and the gauge
     * counts it; a newer commit that fixes the image pre-empts the wait, starts from the same savepoint, and runs.
     * A sidecar a policy engine puts before Flink's container ({@link ApiServerMutations}) is not mistaken for it.
     */
    @Test
    void aJobManagerWhoseImageCannotBePulledIsReportedAndANewerCommitThatFixesItRuns(TestInfo test) throws Exception {
        setUp(test);
        kubelet.refuseImage("flink:9.9-missing", Kubelet.Refusal.IMAGE_PULL);
        admission = new ApiServerMutations(client, "payments");
        AppStatus first = running(specs.write(FILE, spec("v1", "")).commitAndPush("v1"));
        assertEquals(ApiServerMutations.SIDECAR, jobManager().getSpec().getTemplate().getSpec().getContainers().get(0).getName(),
                "the sidecar comes first in the pod");
        Await.until(WAIT, "v1 counts", () -> CounterOutput.hasAllKeys(dir.resolve("output"), "v1", 4));

        specs.write(FILE, spec("v2", "").replace("image: flink:2.3-java17", "image: flink:9.9-missing"))
                .commitAndPush("v2: an image that does not exist");
        AppStatus stuck = tickUntil(APP, "the image pull failure in the status", s -> s.message() != null
                && s.message().contains("ImagePullBackOff"));
        assertTrue(stuck.message().startsWith("JobManager of payments/orders not up: ImagePullBackOff (Back-off pulling image"
                + " \"flink:9.9-missing\")"), stuck.message());
        assertEquals(Phase.DEPLOYING, stuck.phase());
        assertNotEquals(first.job().id(), stuck.job().id());
        assertEquals(JobState.FINISHED, WORLD.world().state(first.job().id()), "v1 stopped with a savepoint");
        assertTrue(daemon.metrics().scrape().contains("flinkgitops_clusters_not_up{reason=\"image_pull\"} 1.0"),
                daemon.metrics().scrape());

        AppStatus running = running(specs.write(FILE, spec("v3", "")).commitAndPush("v3: fixed"));
        assertEquals(stuck.job().restoredFrom(), running.job().restoredFrom(), "from the savepoint v2 was to start from");
        assertEquals(JobState.RUNNING, WORLD.world().state(running.job().id()));
        assertTrue(daemon.metrics().scrape().contains("flinkgitops_clusters_not_up{reason=\"image_pull\"} 0.0"));
        Await.until(WAIT, "v3 counts", () -> CounterOutput.hasAllKeys(dir.resolve("output"), "v3", 4));
        CounterOutput.assertContinued(dir.resolve("output"), "v1", "v3");
    }

    @Test
    void suspendRemovesTheDeploymentsAndDeleteRemovesEverything(TestInfo test) throws Exception {
        setUp(test);
        specs.write("apps/payments/other.yaml", spec("other", "").replace("name: orders", "name: other")
                .replace(dir.resolve("output").toString(), dir.resolve("other-output").toString()));
        running(specs.write(FILE, spec("v1", "")).commitAndPush("two apps"));

        specs.write(FILE, spec("v1", "    state: suspended\n")).commitAndPush("suspend");
        AppStatus suspended = tickUntil(APP, "SUSPENDED", s -> s.phase() == Phase.SUSPENDED);
        assertNull(jobManager(), "the JobManager is gone");
        assertNotNull(client.configMaps().inNamespace("payments").withName("orders-flink-config").get());

        AppStatus resumed = running(specs.write(FILE, spec("v2", "")).commitAndPush("resume"));
        assertEquals(suspended.lastSavepoint().path(), resumed.job().restoredFrom());
        assertNotNull(jobManager());

        specs.delete(FILE).commitAndPush("delete orders");
        tickUntil(APP, "DELETED", s -> s.phase() == Phase.DELETED);
        assertTrue(client.configMaps().inNamespace("payments").withLabel(KubeLabels.NAME, "orders").list().getItems().isEmpty());
        assertTrue(client.services().inNamespace("payments").withLabel(KubeLabels.NAME, "orders").list().getItems().isEmpty());
        assertNull(jobManager());
        assertNotNull(client.apps().deployments().inNamespace("payments").withName("other-jobmanager").get(),
                "the other app is untouched");
    }

    @Test
    void aSteadyTickMakesOneListPerKindAndNamespaceWhateverTheNumberOfApps(TestInfo test) throws Exception {
        setUp(test);
        int apps = 5;
        for (int i = 0; i < apps; i++) {
            specs.write("apps/payments/app-" + i + ".yaml", spec("v1", "").replace("name: orders", "name: app-" + i)
                    .replace("parallelism: 2", "parallelism: 1").replace(dir.resolve("output").toString(),
                            dir.resolve("output-" + i).toString()));
        }
        specs.commitAndPush(apps + " apps");
        Await.until(WAIT, "all apps RUNNING", () -> {
            daemon.tickOnce();
            kubelet.sync();
            return daemon.statuses().size() == apps
                    && daemon.statuses().values().stream().allMatch(st -> st.phase() == Phase.RUNNING);
        });
        daemon.tickOnce();

        int before = server.getRequestCount();
        daemon.tickOnce();
        int calls = server.getRequestCount() - before;

        System.out.printf("[measure] Kubernetes API calls in one steady tick with %d apps in 1 namespace: %d%n", apps, calls);
        assertEquals(9, calls, "ConfigMaps, Services, Deployments, Ingresses, NetworkPolicies, ServiceAccounts, Roles,"
                + " RoleBindings and Pods listed once for the namespace, nothing else");
        long flinkClusters = daemon.statuses().values().stream().map(st -> st.job().cluster()).distinct().count();
        System.out.printf("[measure] Flink REST calls in that tick: %d (one job list per application cluster)%n", flinkClusters);
    }

    @Test
    void onlyTheLeaderReconcilesAndAFollowerTakesOver(TestInfo test) throws Exception {
        setUp(test);
        specs.write(FILE, spec("v1", "")).commitAndPush("v1");
        Leadership.Timing quick = new Leadership.Timing(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200));
        Daemon leader = daemon(test, "a", new LeaseLeadership(client, "default", "flink-gitops", quick, Leadership.Listener.NONE));
        Await.until(WAIT, "the first daemon leads", leader::leader);
        Daemon follower = daemon(test, "b", new LeaseLeadership(client, "default", "flink-gitops", quick, Leadership.Listener.NONE));
        try {
            Thread a = new Thread(leader::run, "daemon-a");
            Thread b = new Thread(follower::run, "daemon-b");
            a.start();
            b.start();
            Await.until(WAIT, "the leader reconciles", () -> leader.lastReport().isPresent());
            for (int i = 0; i < 5; i++) {
                assertTrue(leader.leader());
                assertFalse(follower.leader(), "one leader at a time");
                assertTrue(follower.lastReport().isEmpty(), "a follower does not reconcile");
                kubelet.sync();
            }
            leader.close();
            Await.until(WAIT, "the follower takes over and reconciles",
                    () -> follower.leader() && follower.lastReport().isPresent());
        } finally {
            leader.close();
            follower.close();
        }
    }

    private Daemon daemon(TestInfo test, String name, Leadership leadership) {
        String url = WORLD.world().git().url(test.getTestMethod().orElseThrow().getName() + ".git");
        DaemonConfig config = DaemonConfig.of(url).withWorkDir(dir.resolve("daemon-" + name))
                .withTiming(timing -> timing.withIntervals(Duration.ofMillis(200), Duration.ofMillis(100)))
                .withFlink(flink -> flink.withSavepointDir(dir.resolve("savepoints").toUri().toString()))
                .withKubernetes(new KubeConfig(Set.of("payments"), "dns", "flink-gitops", "default"));
        return Wiring.daemon(config, Clock.systemUTC(),
                new Wiring.KubeAccess(client, ServiceUrls.fixed(WORLD.world().cluster().restUrl()), leadership, false));
    }

    @Test
    void aSessionClusterRunsSessionJobsAndNamespacesOutsideTheAllowlistAreInvalid(TestInfo test) throws Exception {
        setUp(test);
        specs.write("apps/analytics/session.yaml", """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: session, namespace: analytics}
                spec:
                  image: flink:2.3-java17
                %s  flinkConfiguration: {taskmanager.numberOfTaskSlots: "4"}
                  taskManager: {replicas: 2, resource: {memory: "1728m", cpu: 1}}
                """.formatted(sharedVolume()));
        specs.write("apps/analytics/clicks.yaml", """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkSessionJob
                metadata: {name: clicks, namespace: analytics}
                spec:
                  deploymentName: session
                  job:
                    jarURI: file://%s
                    entryClass: %s
                    args: ["--tag", "c1", "--rate", "20", "--output", "%s"]
                    parallelism: 1
                    upgradeMode: savepoint
                """.formatted(ExampleJob.jar(), ExampleJob.ENTRY_CLASS, dir.resolve("clicks")));
        specs.write("apps/other/stray.yaml", spec("v1", "").replace("namespace: payments", "namespace: elsewhere")
                .replace("name: orders", "name: stray"));
        specs.commitAndPush("session cluster, a session job, and a stray app");

        AppStatus session = tickUntil(new AppId("analytics", "session"), "session cluster RUNNING",
                s -> s.phase() == Phase.RUNNING);
        AppStatus clicks = tickUntil(new AppId("analytics", "clicks"), "session job RUNNING", s -> s.phase() == Phase.RUNNING);

        assertEquals("k8s/analytics/session", clicks.job().cluster());
        assertEquals(JobState.RUNNING, WORLD.world().state(clicks.job().id()));
        assertEquals(List.of("jobmanager"), client.apps().deployments().inNamespace("analytics").withName("session-jobmanager")
                .get().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        assertEquals(2, client.apps().deployments().inNamespace("analytics").withName("session-taskmanager").get()
                .getSpec().getReplicas());
        assertNotNull(session.specCommit());
        assertTrue(client.apps().deployments().inNamespace("elsewhere").list().getItems().isEmpty());
        assertFalse(daemon.statuses().containsKey(new AppId("elsewhere", "stray")));
        assertTrue(daemon.tickOnce().unclaimedInvalid().stream()
                .anyMatch(r -> r.errors().stream().anyMatch(e -> e.message().contains("namespace 'elsewhere' is not allowed"))));
    }
}
