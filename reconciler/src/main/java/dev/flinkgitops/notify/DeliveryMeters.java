package dev.flinkgitops.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The notifications' meters, by event type (a closed set, so the label stays bounded):
 * {@code flinkgitops_notifications_sent_total}, {@code _failed_total} (after the last retry, or
 * refused by the receiver), {@code _dropped_total} (the queue was full, or the daemon stopped
 * before they went out) and the gauge {@code flinkgitops_notifications_queued} (waiting, all
 * receivers). Every counter is registered at zero up front, so {@code rate()} works from the
 * first scrape.
 */
public final class DeliveryMeters {

    /** Meters that count nothing (no registry: tests, {@code plan}). */
    public static final DeliveryMeters NONE = new DeliveryMeters(null);

    private static final String[] OUTCOMES = {"sent", "failed", "dropped"};

    /** The counters by outcome and event, once bound; null before. */
    private volatile Map<String, Map<EventType, Counter>> counters;
    private final AtomicInteger queued = new AtomicInteger();

    /** Meters in {@code registry} (null: none yet, see {@link #bind}). */
    public DeliveryMeters(MeterRegistry registry) {
        if (registry != null) {
            bind(registry);
        }
    }

    /**
     * Counts in {@code registry} from now on (the daemon's registry exists only once the daemon does,
     * after its tick and this): every counter at zero, and the queue gauge.
     */
    public void bind(MeterRegistry registry) {
        if (this == NONE) {
            return;
        }
        Map<String, Map<EventType, Counter>> bound = new HashMap<>();
        for (String outcome : OUTCOMES) {
            Map<EventType, Counter> byType = new EnumMap<>(EventType.class);
            for (EventType type : EventType.values()) {
                byType.put(type, Counter.builder("flinkgitops.notifications." + outcome).tag("event", type.wire())
                        .description("Notifications " + outcome + ", by event").register(registry));
            }
            bound.put(outcome, byType);
        }
        Gauge.builder("flinkgitops.notifications.queued", queued, AtomicInteger::get)
                .description("Notifications waiting to be sent, all receivers").strongReference(true).register(registry);
        this.counters = bound;
    }

    void sent(EventType type) {
        count("sent", type);
    }

    void failed(EventType type) {
        count("failed", type);
    }

    void dropped(EventType type) {
        count("dropped", type);
    }

    /** One more (or, negative, fewer) waiting. */
    void queued(int delta) {
        queued.addAndGet(delta);
    }

    /** How many wait, all receivers. */
    public int queued() {
        return queued.get();
    }

    private void count(String outcome, EventType type) {
        Map<String, Map<EventType, Counter>> bound = counters;
        if (bound != null) {
            bound.get(outcome).get(type).increment();
        }
    }
}
