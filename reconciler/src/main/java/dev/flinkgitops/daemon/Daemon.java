package dev.flinkgitops.daemon;

import dev.flinkgitops.git.GitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.time.Instant;
import dev.flinkgitops.redact.Redact;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The reconcile loop: a tick, then a wait ({@link Pacing}: the poll interval, or up to the fast
 * interval while an operation is in flight), cut short by {@link #wake()}. A failed tick (git or a cluster
 * unreachable) is logged and retried; it never ends the loop.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final Tick tick;
    private final Duration pollInterval;
    private final Duration fastInterval;
    private final AutoCloseable resources;
    private final URI embeddedUrl;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean stopping;
    private volatile TickReport lastReport;
    private volatile Instant lastSuccess;
    private volatile String lastFailure;
    private final dev.flinkgitops.server.Metrics meters = new dev.flinkgitops.server.Metrics();
    private final TickMetrics metrics = new TickMetrics(meters);
    private final TickHealth health = new TickHealth();
    /** The read-only pages on the HTTP port (set by {@link Wiring} once the daemon exists). */
    volatile dev.flinkgitops.server.Pages pages = dev.flinkgitops.server.Pages.NONE;

    private static final Duration STANDBY_CHECK = Duration.ofSeconds(1);
    private final dev.flinkgitops.kube.Leadership leadership;

    Daemon(Tick tick, Duration pollInterval, Duration fastInterval, AutoCloseable resources, URI embeddedUrl,
            dev.flinkgitops.kube.Leadership leadership) {
        this.leadership = leadership;
        this.tick = tick;
        this.pollInterval = pollInterval;
        this.fastInterval = fastInterval;
        this.resources = resources;
        this.embeddedUrl = embeddedUrl;
    }

    /** Runs one tick now, on the caller's thread. */
    public TickReport tickOnce() {
        return tickOnce(true, null);
    }

    private synchronized TickReport tickOnce(boolean fetch, Instant finalSavepointsSince) {
        long start = System.nanoTime();
        try {
            TickReport report = tick.run(fetch, finalSavepointsSince);
            lastReport = report;
            lastSuccess = Instant.now();
            metrics.succeeded(tick.recordedAtStart(), report, tick.statuses(), Duration.ofNanos(System.nanoTime() - start), lastSuccess);
            health.succeeded(report, Duration.ofNanos(System.nanoTime() - start));
            return report;
        } catch (RuntimeException e) {
            metrics.failed(Duration.ofNanos(System.nanoTime() - start));
            health.failed(e, Duration.ofNanos(System.nanoTime() - start));
            lastFailure = e.getMessage();
            throw e;
        }
    }

    /**
     * Why this daemon is not ready, or empty when it is: it leads, its last tick succeeded, and
     * that tick is recent (within three poll intervals).
     */
    public Optional<String> notReadyReason() {
        if (!leadership.isLeader()) {
            return Optional.of("not the leader");
        }
        Instant last = lastSuccess;
        if (last == null) {
            return Optional.of(lastFailure == null ? "no tick yet" : "no successful tick yet: " + lastFailure);
        }
        if (Duration.between(last, Instant.now()).compareTo(pollInterval.multipliedBy(3)) > 0) {
            return Optional.of("last successful tick at " + last + (lastFailure == null ? "" : "; last error: " + lastFailure));
        }
        return Optional.empty();
    }

    /** The daemon's pages and their JSON, for its HTTP port. */
    public dev.flinkgitops.server.Pages pages() {
        return pages;
    }

    /** The daemon's health as its fleet page shows it. */
    public dev.flinkgitops.pages.Health health() {
        return health.health(leader(), notReadyReason().orElse(null));
    }

    /** The daemon's metrics (served on /metrics). */
    public dev.flinkgitops.server.Metrics metrics() {
        return meters;
    }

    /** True while this daemon holds the lease (always, without Kubernetes): only the leader ticks in {@link #run()}. */
    public boolean leader() {
        return leadership.isLeader();
    }

    /** Ticks until {@link #stop()}; only while this daemon is the leader. */
    public void run() {
        loop(null);
    }

    /**
     * The tick loop. Running ({@code finalSavepointsSince} null), it ticks while this daemon leads,
     * fetching when {@link Pacing} says, and retries a failed tick after a growing delay, until
     * {@link #stop()}. Stopping with an embedded cluster, it ticks from the last fetch with the
     * final savepoints as the tick's input, until none is in flight, the first failure, or
     * {@link #FINAL_SAVEPOINTS_TIMEOUT}. Over 40 lines: both modes share every step, and keeping
     * them in one place is what keeps them from drifting apart.
     */
    private void loop(Instant finalSavepointsSince) {
        boolean last = finalSavepointsSince != null;
        long deadline = System.nanoTime() + FINAL_SAVEPOINTS_TIMEOUT.toNanos();
        Duration failureDelay = fastInterval;
        boolean led = true;
        boolean leading = false; // this loop ticked as the leader, and has not seen the lease lost since
        Pacing pacing = new Pacing(pollInterval, fastInterval);
        boolean woken = true;
        Long lastFetch = null;
        while (last ? System.nanoTime() < deadline : !stopping) {
            if (!last && !leadership.isLeader()) {
                if (leading) {
                    log.warn("lease lost: the next tick is skipped and left to the new leader; standing by");
                    meters.leaseLostSkips(dev.flinkgitops.server.Metrics.LEASE_LOST_TICK, 1);
                } else if (led) {
                    log.info("not the leader: another flink-gitops daemon reconciles; standing by");
                }
                led = false;
                leading = false;
                pause(min(pollInterval, STANDBY_CHECK));
                continue;
            }
            if (!led) {
                log.info("now the leader: reconciling");
                led = true;
            }
            leading = !last;
            Duration wait;
            try {
                boolean fetch = !last && pacing.fetch(woken, lastFetch == null ? null : Duration.ofNanos(System.nanoTime() - lastFetch));
                long started = System.nanoTime();
                TickReport report = tickOnce(fetch, finalSavepointsSince);
                if (last && !report.inFlight()) {
                    log.info("stopping: final savepoints recorded in {} ms",
                            Duration.between(finalSavepointsSince, Instant.now()).toMillis());
                    return;
                }
                if (fetch) {
                    lastFetch = started; // not a ternary: "fetch ? started : lastFetch" unboxes a null lastFetch
                }
                boolean progressed = report.written().outcome() == dev.flinkgitops.git.StatusBranch.WriteResult.Outcome.PUSHED;
                wait = pacing.after(progressed, report.inFlight(), report.outage());
                failureDelay = fastInterval;
            } catch (RuntimeException e) {
                if (last) {
                    log.warn("stopping: the final savepoints could not be completed: {}", Redact.text(e.getMessage()));
                    return;
                }
                failed(e, failureDelay);
                wait = failureDelay;
                failureDelay = min(failureDelay.multipliedBy(2), pollInterval);
                pacing.reset();
                lastFetch = null;
            }
            if (last) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait.toNanos());
            } else {
                woken = pause(wait);
            }
        }
        if (last) {
            log.warn("stopping: final savepoints not all completed within {} s; the next start restores from the last recorded ones",
                    FINAL_SAVEPOINTS_TIMEOUT.toSeconds());
        }
    }

    private static void failed(RuntimeException e, Duration retry) {
        if (e instanceof GitException || e instanceof java.io.UncheckedIOException) {
            log.warn("tick failed, retrying in {} s: {}", retry.toSeconds(), Redact.text(e.getMessage()));
        } else {
            log.error("tick failed, retrying in {} s", retry.toSeconds(), Redact.throwable(e));
        }
    }

    /** Waits, cut short by {@link #wake()}; true when woken (a webhook: fetch now). */
    private boolean pause(Duration wait) {
        if (wait.isZero()) {
            return wake.tryAcquire() && drained();
        }
        try {
            return wake.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS) && drained();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return false;
        }
    }

    private boolean drained() {
        wake.drainPermits();
        return true;
    }

    /** Starts the next tick now (a webhook, a test). */
    public void wake() {
        wake.release();
    }

    public void stop() {
        stopping = true;
        wake.release();
    }

    /**
     * For a shutdown hook (SIGTERM, Ctrl-C): stops the loop and waits for {@link #close()} on the
     * main thread to finish (the JVM would otherwise halt once the hooks return).
     */
    public void stopAndAwaitClose() {
        stop();
        try {
            if (!awaitClosed(FINAL_SAVEPOINTS_TIMEOUT.plusSeconds(30))) {
                log.warn("stopping: gave up waiting for the daemon to close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Optional<TickReport> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    /** Every app's status as it stands on the status branch. */
    public java.util.Map<dev.flinkgitops.appspec.AppId, dev.flinkgitops.status.AppStatus> statuses() {
        return tick.statuses();
    }

    /** The embedded Flink cluster's REST and web UI address, when the daemon started one. */
    public Optional<URI> embeddedUrl() {
        return Optional.ofNullable(embeddedUrl);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Stops the loop; with an embedded cluster (whose jobs end with this process) first takes a
     * savepoint of every stateful job and records it, so that the next start restores from here
     * rather than from an older savepoint (bounded by {@link #FINAL_SAVEPOINTS_TIMEOUT}).
     */
    @Override
    public void close() throws Exception {
        stop();
        try {
            if (embeddedUrl != null) {
                finalSavepoints();
            }
            resources.close();
        } finally {
            closed.countDown();
        }
    }

    /** Waits (at most {@code timeout}) until {@link #close()} has finished: a shutdown hook lets it finish. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    static final Duration FINAL_SAVEPOINTS_TIMEOUT = Duration.ofSeconds(60);
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    private void finalSavepoints() {
        log.info("stopping: taking a savepoint of every stateful job on the embedded cluster before it stops");
        loop(Instant.now());
    }

}
