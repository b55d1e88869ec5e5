package dev.flinkgitops.notify;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The end of a tick's record step: the events its outcome calls for ({@link Events}), queued to
 * every receiver's {@link Sender}. It only derives and queues, so it never blocks or slows the
 * tick; delivery happens on the senders' threads. Closing it gives the queues a bounded time to go out.
 */
public final class Notifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    /** How long {@link #close()} lets the queues go out. */
    public static final Duration DRAIN = Duration.ofSeconds(5);

    private final List<Sender> senders;
    private final Duration drain;

    public Notifier(List<Sender> senders, Duration drain) {
        this.senders = List.copyOf(senders);
        this.drain = drain;
    }

    /** No receivers: nothing is derived or sent. */
    public static Notifier none() {
        return new Notifier(List.of(), Duration.ZERO);
    }

    /** A sender per URL, each with {@code settings}, counting in {@code meters}. */
    public static Notifier of(List<NotifyUrl> urls, Sender.Settings settings, DeliveryMeters meters) {
        List<Sender> senders = urls.stream().map(url -> new Sender(url, settings, meters)).toList();
        if (!senders.isEmpty()) {
            log.info("notifications go to {}", urls);
        }
        return new Notifier(senders, DRAIN);
    }

    /** Queues the events of the statuses' moves from {@code before} (as read at the tick's start) to {@code after} (as recorded). */
    public void recorded(Map<AppId, AppStatus> before, Map<AppId, AppStatus> after, Instant now) {
        if (senders.isEmpty()) {
            return;
        }
        for (Event event : Events.between(before, after, now)) {
            senders.forEach(sender -> sender.offer(event));
        }
    }

    @Override
    public void close() throws InterruptedException {
        senders.forEach(Sender::stopAccepting);
        long deadline = System.nanoTime() + drain.toNanos();
        for (Sender sender : senders) {
            sender.finish(deadline);
        }
    }
}
