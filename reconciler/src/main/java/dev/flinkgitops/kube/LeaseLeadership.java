package dev.flinkgitops.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leader election on a Kubernetes Lease with fabric8's LeaderElector, which runs on the client's
 * executor. Losing the lease (renewal failed within the renew deadline) ends fabric8's election
 * loop; this class then joins the election again, as a follower, until it is closed.
 */
public final class LeaseLeadership implements Leadership {

    private static final Logger log = LoggerFactory.getLogger(LeaseLeadership.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Timing timing;
    private final Listener listener;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final Object lock = new Object();
    private CompletableFuture<?> election;
    private boolean closed;

    public LeaseLeadership(KubernetesClient client, String namespace, String leaseName, Timing timing,
            Listener listener) {
        this.client = client;
        this.namespace = namespace;
        this.leaseName = leaseName;
        this.identity = hostname() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.timing = timing;
        this.listener = listener;
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (closed || election != null) {
                return;
            }
            join();
        }
    }

    @Override
    public boolean isLeader() {
        return leading.get();
    }

    /** hostname-suffix: what the Lease's holderIdentity shows while this instance leads. */
    public String identity() {
        return identity;
    }

    @Override
    public void close() {
        CompletableFuture<?> running;
        synchronized (lock) {
            closed = true;
            running = election;
        }
        if (running != null) {
            running.cancel(true); // fabric8 releases the lease (ReleaseOnCancel) and calls onStopLeading
        }
        stopped();
    }

    /** Called with {@code lock} held. */
    private void join() {
        var config = new LeaderElectionConfigBuilder()
                .withName(leaseName)
                .withLock(new LeaseLock(namespace, leaseName, identity))
                .withLeaseDuration(timing.leaseDuration())
                .withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, leader -> {}))
                .build();
        CompletableFuture<?> running = client.leaderElector().withConfig(config).build().start();
        election = running;
        running.whenComplete((ignored, error) -> rejoin(running));
    }

    private void rejoin(CompletableFuture<?> ended) {
        stopped();
        synchronized (lock) {
            if (!closed && election == ended) {
                log.warn("lost the lease {}/{}; joining the election again", namespace, leaseName);
                join();
            }
        }
    }

    private void started() {
        if (leading.compareAndSet(false, true)) {
            log.info("{} leads (lease {}/{})", identity, namespace, leaseName);
            listener.onStartLeading();
        }
    }

    private void stopped() {
        if (leading.compareAndSet(true, false)) {
            log.info("{} stopped leading (lease {}/{})", identity, namespace, leaseName);
            listener.onStopLeading();
        }
    }

    private static String hostname() {
        String fromEnv = System.getenv("HOSTNAME"); // the pod name on Kubernetes
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "flink-gitops";
        }
    }
}
