package dev.flinkgitops.notify;

import dev.flinkgitops.testing.Await;
import dev.flinkgitops.testing.WebhookReceiver;
import dev.flinkgitops.testing.LogCapture;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery to a real receiver on 127.0.0.1: retries, the bounded queue, a receiver that never answers, the drain. */
class SenderTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = "/services/T000/B000/token-canary-41d7";

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final DeliveryMeters meters = new DeliveryMeters(registry);
    private WebhookReceiver receiver;
    private Notifier notifier;

    private static Sender.Settings fast(int capacity, int attempts) {
        return new Sender.Settings(capacity, attempts, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5));
    }

    private static Event event(int n) {
        return new Event(EventType.DEPLOYED, "team/app" + n, "DEPLOYING", "c" + n, "j" + n, null, "started", "2026-11-30T12:00:00Z");
    }

    private double count(String outcome) {
        return registry.find("flinkgitops.notifications." + outcome).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private Sender sender(Sender.Settings settings) {
        Sender sender = new Sender(NotifyUrl.parse(receiver.url(TOKEN)), settings, meters);
        notifier = new Notifier(List.of(sender), Duration.ofSeconds(2));
        return sender;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (notifier != null) {
            notifier.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheEventOnTheThirdTry() throws Exception {
        receiver = new WebhookReceiver().answering(n -> n <= 2 ? 503 : 200);
        sender(fast(10, 5)).offer(event(1));

        Await.until(WAIT, "the event delivered", () -> count("sent") == 1);
        assertEquals(3, receiver.requests());
        assertEquals(1, receiver.bodies().size());
        assertTrue(receiver.bodies().get(0).contains("\"app\":\"team/app1\""), receiver.bodies().get(0));
        assertEquals(0, count("failed"));
    }

    @Test
    void aReceiverThatKeepsFailingCountsOneFailureAfterTheLastAttemptAndTheLogHidesItsToken() throws Exception {
        receiver = new WebhookReceiver().answering(n -> n == 1 ? 429 : 500);
        try (LogCapture logs = LogCapture.start("dev.flinkgitops.notify")) {
            sender(fast(10, 3)).offer(event(1));
            Await.until(WAIT, "the failure counted", () -> count("failed") == 1);
            assertEquals(3, receiver.requests(), "3 attempts, then no more");
            String log = String.join("\n", logs.lines());
            assertTrue(log.contains("notification deployed for team/app1 to http://127.0.0.1:"), log);
            assertTrue(log.contains("/… failed after 3 attempt(s): HTTP 500"), log);
            assertFalse(log.contains("token-canary"), log);
        }
        assertEquals(0, count("sent"));
    }

    @Test
    void aRefusalOtherThan429Or5xxIsNotRetried() throws Exception {
        receiver = new WebhookReceiver().answering(n -> 404);
        sender(fast(10, 5)).offer(event(1));
        Await.until(WAIT, "the failure counted", () -> count("failed") == 1);
        assertEquals(1, receiver.requests());
    }

    @Test
    void aReceiverThatIsDownFailsAfterItsRetriesWithoutTheTokenInTheLog() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (LogCapture logs = LogCapture.start("dev.flinkgitops.notify")) {
            Sender sender = new Sender(NotifyUrl.parse("http://127.0.0.1:" + port + TOKEN), fast(10, 3), meters);
            notifier = new Notifier(List.of(sender), Duration.ofSeconds(2));
            sender.offer(event(1));
            Await.until(WAIT, "the failure counted", () -> count("failed") == 1);
            assertFalse(String.join("\n", logs.lines()).contains("token-canary"), logs.lines().toString());
        }
    }

    @Test
    void whenTheQueueIsFullTheOldestEventsAreDroppedAndCounted() throws Exception {
        receiver = new WebhookReceiver().holding();
        Sender sender = sender(fast(2, 1));
        sender.offer(event(1));
        assertTrue(receiver.awaitFirstRequest(20), "the first event is in flight");
        for (int n = 2; n <= 5; n++) {
            sender.offer(event(n));
        }
        assertEquals(2, sender.waiting(), "bounded");
        assertEquals(2, count("dropped"), "events 2 and 3 made room for 4 and 5");
        assertEquals(2, meters.queued());

        receiver.release();
        Await.until(WAIT, "the rest delivered", () -> receiver.bodies().size() == 3);
        List<String> apps = receiver.bodies().stream().map(body -> body.replaceAll(".*\"app\":\"([^\"]+)\".*", "$1")).toList();
        assertEquals(List.of("team/app1", "team/app4", "team/app5"), apps);
        assertEquals(0, meters.queued());
    }

    @Test
    void offeringNeverWaitsForAReceiverThatNeverAnswers() throws Exception {
        receiver = new WebhookReceiver().holding();
        Sender sender = sender(fast(50, 5));
        sender.offer(event(0));
        assertTrue(receiver.awaitFirstRequest(20));
        List<Event> events = java.util.stream.IntStream.rangeClosed(1, 1000).mapToObj(SenderTest::event).toList();
        long start = System.nanoTime();
        events.forEach(sender::offer);
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.printf("[timing] 1000 events queued in %d ms while the receiver held its answer%n", took);
        assertTrue(took < 500, "1000 offers took " + took + " ms while the receiver held its answer");
        assertEquals(950, count("dropped"));
    }

    @Test
    void closingGivesUpOnAReceiverThatNeverAnswersWithinTheDrainTime() throws Exception {
        receiver = new WebhookReceiver().holding();
        Sender sender = sender(fast(10, 5));
        sender.offer(event(1));
        sender.offer(event(2));
        assertTrue(receiver.awaitFirstRequest(20));
        long start = System.nanoTime();
        notifier.close();
        notifier = null;
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(took < 4_000, "closed in " + took + " ms (drain 2 s)");
        assertEquals(2, count("dropped"), "the one in flight and the one waiting");
        sender.offer(event(3));
        assertEquals(3, count("dropped"), "nothing is taken after the close");
    }

    @Test
    void closingSendsWhatWaitsWhenTheReceiverAnswers() throws Exception {
        receiver = new WebhookReceiver();
        Sender sender = sender(fast(10, 5));
        for (int n = 1; n <= 5; n++) {
            sender.offer(event(n));
        }
        notifier.close();
        notifier = null;
        assertEquals(5, receiver.bodies().size());
        assertEquals(5, count("sent"));
    }

    @Test
    void theDaemonsMetricsShowSentFailedDroppedByEventAndTheQueue() throws Exception {
        dev.flinkgitops.server.Metrics daemon = new dev.flinkgitops.server.Metrics();
        DeliveryMeters bound = new DeliveryMeters(null);
        String before = daemon.scrape();
        bound.bind(daemon.registry());
        receiver = new WebhookReceiver();
        Sender sender = new Sender(NotifyUrl.parse(receiver.url(TOKEN)), fast(10, 1), bound);
        notifier = new Notifier(List.of(sender), Duration.ofSeconds(2));
        sender.offer(event(1));
        Await.until(WAIT, "sent", () -> daemon.scrape().contains("flinkgitops_notifications_sent_total{event=\"deployed\"} 1.0"));
        String scrape = daemon.scrape();
        assertFalse(before.contains("flinkgitops_notifications"), "nothing before the daemon binds them");
        for (String series : List.of("flinkgitops_notifications_failed_total{event=\"stray_job_stopped\"} 0.0",
                "flinkgitops_notifications_dropped_total{event=\"rolled_back\"} 0.0", "flinkgitops_notifications_queued 0.0")) {
            assertTrue(scrape.contains(series), series + " in\n" + scrape);
        }
        assertFalse(scrape.contains("token-canary"));
    }
}
