package dev.flinkgitops.notify;

import dev.flinkgitops.redact.Redact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Delivers events to one receiver on its own thread, so a receiver that is down, slow or never
 * answers delays nothing but its own queue. The queue is bounded: when it is full the oldest event
 * is dropped (and counted). A connection failure, a time-out, 429 and 5xx are retried with
 * exponential back-off and jitter, a bounded number of times; any other answer but 2xx is final.
 * The URL is only ever logged as {@link NotifyUrl#toString()}.
 */
public final class Sender {

    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    /**
     * @param capacity events waiting, at most
     * @param attempts tries per event, the first included
     * @param firstRetry the wait before the second try; it doubles (with jitter) up to {@code maxRetry}
     * @param timeout of each request (connect and answer)
     */
    public record Settings(int capacity, int attempts, Duration firstRetry, Duration maxRetry, Duration timeout) {
        public static final Settings DEFAULTS = new Settings(1000, 5, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(10));
    }

    private final NotifyUrl url;
    private final Settings settings;
    private final DeliveryMeters meters;
    private final HttpClient client;
    private final Deque<Event> queue = new ArrayDeque<>();
    private final Thread worker;
    private boolean closing;
    private long dropped;

    public Sender(NotifyUrl url, Settings settings, DeliveryMeters meters) {
        this.url = url;
        this.settings = settings;
        this.meters = meters;
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.worker = new Thread(this::run, "flink-gitops-notify");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues the event; never blocks. When the queue is full the oldest waiting event is dropped. */
    public void offer(Event event) {
        synchronized (this) {
            if (closing) {
                drop(event, "the daemon is stopping");
                return;
            }
            if (queue.size() >= settings.capacity()) {
                drop(queue.pollFirst(), "the queue is full (" + settings.capacity() + ")");
                meters.queued(-1);
            }
            queue.addLast(event);
            meters.queued(1);
            notifyAll();
        }
    }

    /** How many events wait (the one being sent not included). */
    public synchronized int waiting() {
        return queue.size();
    }

    private void drop(Event event, String why) {
        meters.dropped(event.type());
        dropped++;
        if (powerOfTen(dropped)) {
            log.warn("notification {} for {} to {} dropped: {} ({} dropped so far)", event.event(), event.app(), url, why, dropped);
        }
    }

    /** 1, 10, 100, ...: a drop is logged then (the count says how many since). */
    private static boolean powerOfTen(long n) {
        long p = 1;
        while (p < n) {
            p *= 10;
        }
        return p == n;
    }

    /** Stops taking events; the worker sends what waits until {@link #finish} gives up. */
    synchronized void stopAccepting() {
        closing = true;
        notifyAll();
    }

    /** Waits until the queue is sent or {@code deadline} (System.nanoTime) passes; what is left is dropped. */
    void finish(long deadline) throws InterruptedException {
        stopAccepting();
        TimeUnit.NANOSECONDS.timedJoin(worker, Math.max(1, deadline - System.nanoTime()));
        if (worker.isAlive()) {
            worker.interrupt();
            worker.join(1000);
        }
        synchronized (this) {
            while (!queue.isEmpty()) {
                drop(queue.pollFirst(), "the daemon stopped before it was sent");
                meters.queued(-1);
            }
        }
    }

    private void run() {
        while (true) {
            Event next;
            synchronized (this) {
                while (queue.isEmpty() && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                next = queue.pollFirst();
                if (next == null) {
                    return;
                }
                meters.queued(-1);
            }
            if (!deliver(next)) {
                return;
            }
        }
    }

    /** Sends one event with its retries; false when interrupted (the daemon stopped waiting). */
    private boolean deliver(Event event) {
        String body = event.toJson();
        String failure = null;
        int attempt = 1;
        for (; attempt <= settings.attempts(); attempt++) {
            Duration retryAfter = null;
            try {
                HttpResponse<Void> response = client.send(request(body), HttpResponse.BodyHandlers.discarding());
                int code = response.statusCode();
                if (code / 100 == 2) {
                    meters.sent(event.type());
                    return true;
                }
                failure = "HTTP " + code;
                if (code != 429 && code / 100 != 5 && code != 408) {
                    break;
                }
                retryAfter = retryAfter(response);
            } catch (IOException e) {
                failure = Redact.text(String.valueOf(e), url.secretParts());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                meters.dropped(event.type());
                return false;
            }
            if (attempt < settings.attempts() && !pause(backoff(attempt, retryAfter))) {
                meters.dropped(event.type());
                return false;
            }
        }
        meters.failed(event.type());
        log.warn("notification {} for {} to {} failed after {} attempt(s): {}", event.event(), event.app(), url,
                Math.min(attempt, settings.attempts()), failure);
        return true;
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(url.uri()).timeout(settings.timeout())
                .header("Content-Type", "application/json").header("User-Agent", "flink-gitops")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The wait before try {@code attempt + 1}: doubling from firstRetry up to maxRetry, half of it random; at least Retry-After. */
    Duration backoff(int attempt, Duration retryAfter) {
        long cap = settings.maxRetry().toMillis();
        long base = Math.min(cap, settings.firstRetry().toMillis() << Math.min(attempt - 1, 20));
        long wait = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        if (retryAfter != null) {
            wait = Math.max(wait, Math.min(cap, retryAfter.toMillis()));
        }
        return Duration.ofMillis(wait);
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").filter(v -> v.matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
    }

    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
