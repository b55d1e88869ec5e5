package dev.flinkgitops.kube;

import dev.flinkgitops.testing.Await;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnableKubernetesMockClient(crud = true)
class LeadershipTest {

    private static final Leadership.Timing FAST =
            new Leadership.Timing(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(100));

    /** A lease that outlives the test's wait, so a take-over within it proves the release. */
    private static final Leadership.Timing SLOW_LEASE =
            new Leadership.Timing(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMillis(100));

    KubernetesClient client;

    @Test
    void theSecondInstanceTakesOverWhenTheLeaderCloses() {
        List<String> events = new CopyOnWriteArrayList<>();
        LeaseLeadership first = new LeaseLeadership(client, "ops", "flink-gitops", SLOW_LEASE, recorder("first", events));
        LeaseLeadership second = new LeaseLeadership(client, "ops", "flink-gitops", SLOW_LEASE, recorder("second", events));
        try {
            first.start();
            Await.until(Duration.ofSeconds(5), "first leads", first::isLeader);
            second.start();
            Await.until(Duration.ofSeconds(2), "second sees the held lease", () -> lease() != null);
            assertFalse(second.isLeader());
            assertEquals(first.identity(), lease().getSpec().getHolderIdentity());

            long closedAt = System.nanoTime();
            first.close();

            assertFalse(first.isLeader());
            // Released on close: fabric8 rewrites the lease to last 1 s, so the second takes over
            // well before the 10 s lease would have expired.
            Await.until(Duration.ofSeconds(4), "second takes over", second::isLeader);
            System.out.printf("Leadership fail-over took %d ms%n", (System.nanoTime() - closedAt) / 1_000_000);
            assertEquals(second.identity(), lease().getSpec().getHolderIdentity());
            assertEquals(List.of("first started", "first stopped", "second started"), events);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void aLeaderThatLosesTheLeaseStopsThenJoinsAgain() {
        List<String> events = new CopyOnWriteArrayList<>();
        try (LeaseLeadership leadership = new LeaseLeadership(client, "ops", "flink-gitops", FAST, recorder("me", events))) {
            leadership.start();
            Await.until(Duration.ofSeconds(5), "leads", leadership::isLeader);

            // Our renewals race this edit (409): try again until it lands.
            Await.until(Duration.ofSeconds(2), "the lease is stolen", () -> {
                client.leases().inNamespace("ops").withName("flink-gitops").edit(lease -> {
                    lease.getSpec().setHolderIdentity("intruder");
                    lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                    return lease;
                });
                return true;
            });

            Await.until(Duration.ofSeconds(2), "stops leading", () -> !leadership.isLeader());
            // The intruder never renews: its 3 s lease expires and we take the lease back.
            Await.until(Duration.ofSeconds(6), "leads again", leadership::isLeader);
            assertEquals(List.of("me started", "me stopped", "me started"), events);
        }
    }

    @Test
    void identityIsTheHostnameWithARandomSuffix() {
        LeaseLeadership a = new LeaseLeadership(client, "ops", "l", FAST, Leadership.Listener.NONE);
        LeaseLeadership b = new LeaseLeadership(client, "ops", "l", FAST, Leadership.Listener.NONE);

        assertTrue(a.identity().matches(".+-[0-9a-f]{8}"), a.identity());
        assertFalse(a.identity().equals(b.identity()));
    }

    @Test
    void alwaysLeads() {
        try (Leadership leadership = Leadership.always()) {
            leadership.start();
            assertTrue(leadership.isLeader());
        }
    }

    private Lease lease() {
        return client.leases().inNamespace("ops").withName("flink-gitops").get();
    }

    private static Leadership.Listener recorder(String who, List<String> events) {
        return new Leadership.Listener() {
            @Override
            public void onStartLeading() {
                events.add(who + " started");
            }

            @Override
            public void onStopLeading() {
                events.add(who + " stopped");
            }
        };
    }
}
