package dev.flinkgitops.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's meters, exposed in the Prometheus text format by {@link HttpEndpoints}.
 *
 * <p>The names as Prometheus sees them (Micrometer's Prometheus naming appends the unit and
 * {@code _total}; a timer is a summary plus a {@code _max} gauge):
 *
 * <table>
 *   <caption>Exposed series</caption>
 *   <tr><th>Method</th><th>Series</th><th>Type</th></tr>
 *   <tr><td>{@link #tick}</td><td>{@code flinkgitops_ticks_total}</td><td>counter</td></tr>
 *   <tr><td>{@link #tick}</td><td>{@code flinkgitops_tick_seconds_count|_sum|_max}</td><td>summary</td></tr>
 *   <tr><td>{@link #gitFetch}</td><td>{@code flinkgitops_git_fetch_seconds_count|_sum|_max}</td><td>summary (every fetch)</td></tr>
 *   <tr><td>{@link #gitFetch}</td><td>{@code flinkgitops_git_fetch_failures_total}</td><td>counter</td></tr>
 *   <tr><td>{@link #appsByPhase}</td><td>{@code flinkgitops_apps{phase="..."}}</td><td>gauge</td></tr>
 *   <tr><td>{@link #upgrade}</td><td>{@code flinkgitops_upgrades_total{result="succeeded|blocked|rolled_back|stalled"}}</td><td>counter</td></tr>
 *   <tr><td>{@link #savepoint}</td><td>{@code flinkgitops_savepoint_seconds_count|_sum|_max}</td><td>summary (every attempt)</td></tr>
 *   <tr><td>{@link #savepoint}</td><td>{@code flinkgitops_savepoint_failures_total}</td><td>counter</td></tr>
 *   <tr><td>{@link #statusPushConflict}</td><td>{@code flinkgitops_status_push_conflicts_total}</td><td>counter</td></tr>
 *   <tr><td>{@link #invalidSpecs}</td><td>{@code flinkgitops_invalid_specs}</td><td>gauge</td></tr>
 *   <tr><td>{@link #distrusted}</td><td>{@code flinkgitops_flink_answers_distrusted_total}</td><td>counter (a cluster's answers not believed for a tick)</td></tr>
 *   <tr><td>{@link #strayJob}</td><td>{@code flinkgitops_stray_jobs_total}</td><td>counter (stops sent to a second live job of an app)</td></tr>
 *   <tr><td>{@link #driftReplacementHeldBack}</td><td>{@code flinkgitops_drift_replacements_held_back_total}</td><td>counter (JobManager replacements for drift held back by the rate limit)</td></tr>
 *   <tr><td>{@link #stateRegression}</td><td>{@code flinkgitops_state_regressions_total}</td><td>counter (starts from older state than the newest known, by choice)</td></tr>
 *   <tr><td>{@link #clustersNotUp}</td><td>{@code flinkgitops_clusters_not_up{reason="image_pull|crash_loop|oom_killed|unschedulable|pending|not_ready"}}</td><td>gauge (apps whose JobManager is not up on Kubernetes, by the kubelet's or scheduler's reason)</td></tr>
 *   <tr><td>{@link #leaseLostSkips}</td><td>{@code flinkgitops_lease_lost_skips_total{skipped="tick|action"}}</td><td>counter (a tick a leader skipped, or an action on Flink or Kubernetes it did not do, because it lost the lease)</td></tr>
 *   <tr><td>{@link #rescale}</td><td>{@code flinkgitops_rescales_total{result="in_place|savepoint_upgrade|abandoned"}}</td><td>counter (parallelism changes tried in place; savepoint_upgrade: refused or timed out, made by a savepoint upgrade instead)</td></tr>
 *   <tr><td>{@link #stateCheck}</td><td>{@code flinkgitops_state_checks_total{result="refused|not_checked"}}</td><td>counter (the state-compatibility guard before an upgrade's stop: refused, or could not run)</td></tr>
 *   <tr><td>{@link #lastSuccessfulTick}</td><td>{@code flinkgitops_last_successful_tick_seconds}</td><td>gauge, epoch seconds; 0 until the first</td></tr>
 * </table>
 *
 * <p>The four upgrade results are registered at zero up front, so {@code rate()} works from the
 * first scrape. A phase absent from a later {@link #appsByPhase} call drops to zero rather than
 * vanishing. Thread-safe.
 */
public final class Metrics {

    /**
     * The reasons {@link #clustersNotUp} accepts: {@code WorkloadHealth.Problem}'s labels, and {@code not_ready} for a
     * JobManager that is not ready with nothing saying why. All are registered at zero up front.
     */
    public static final Set<String> NOT_UP_REASONS =
            Set.of("image_pull", "crash_loop", "oom_killed", "unschedulable", "pending", "not_ready");

    /** {@link #leaseLostSkips}: a tick skipped by a daemon that led and lost the lease. */
    public static final String LEASE_LOST_TICK = "tick";
    /** {@link #leaseLostSkips}: an action (stop, cancel, savepoint, submit, apply, delete, ...) not done mid-tick. */
    public static final String LEASE_LOST_ACTION = "action";

    /** The upgrade results {@link #upgrade} accepts; a closed set keeps the label bounded. */
    public static final Set<String> UPGRADE_RESULTS = Set.of("succeeded", "blocked", "rolled_back", "stalled");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter ticks = Counter.builder("flinkgitops.ticks").register(registry);
    private final Timer tickTime = timer("flinkgitops.tick", "Duration of one reconcile tick");
    private final Timer gitFetchTime = timer("flinkgitops.git.fetch", "Duration of a git fetch, failed or not");
    private final Counter gitFetchFailures = Counter.builder("flinkgitops.git.fetch.failures").register(registry);
    private final Timer savepointTime = timer("flinkgitops.savepoint", "Duration of a savepoint, failed or not");
    private final Counter savepointFailures = Counter.builder("flinkgitops.savepoint.failures").register(registry);
    private final Counter statusPushConflicts =
            Counter.builder("flinkgitops.status.push.conflicts").register(registry);
    private final Counter distrusted = Counter.builder("flinkgitops.flink.answers.distrusted")
            .description("Ticks in which a cluster's answers were not believed (wrong shape, or contradicted by a second read)")
            .register(registry);
    private final Counter strayJobs = Counter.builder("flinkgitops.stray.jobs")
            .description("Stop-with-savepoint requests sent to stray jobs (a second live job of an app)").register(registry);
    private final Map<String, Counter> stateChecks = STATE_CHECK_RESULTS.stream().collect(java.util.stream.Collectors.toMap(
            result -> result, result -> Counter.builder("flinkgitops.state.checks").tag("result", result)
                    .description("State-compatibility checks before an upgrade's stop that refused it or could not run")
                    .register(registry)));
    private final Counter stateRegressions = Counter.builder("flinkgitops.state.regressions")
            .description("Jobs started from older state than the newest the daemon knew of (savepointRedeployNonce)")
            .register(registry);
    private final Counter driftHeldBack = Counter.builder("flinkgitops.drift.replacements.held.back")
            .description("JobManager replacements for drift held back by the rate limit (driftReplaceInterval)")
            .register(registry);
    private final Map<String, Counter> upgrades = new ConcurrentHashMap<>();
    /** The in-place rescale results {@link #rescale} accepts. */
    public static final Set<String> RESCALE_RESULTS = Set.of("in_place", "savepoint_upgrade", "abandoned");
    private final Map<String, Counter> rescales = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> apps = new ConcurrentHashMap<>();
    private final AtomicInteger invalidSpecs = new AtomicInteger();
    private final Map<String, AtomicInteger> notUp = new ConcurrentHashMap<>();
    private final Map<String, Counter> leaseLost = Map.of(
            LEASE_LOST_TICK, leaseLostCounter(LEASE_LOST_TICK), LEASE_LOST_ACTION, leaseLostCounter(LEASE_LOST_ACTION));
    private final AtomicLong lastSuccessfulTickMillis = new AtomicLong();

    public Metrics() {
        for (String result : UPGRADE_RESULTS) {
            upgrades.put(result, Counter.builder("flinkgitops.upgrades").tag("result", result).register(registry));
        }
        for (String reason : NOT_UP_REASONS) {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("flinkgitops.clusters.not.up", value, AtomicInteger::get)
                    .description("Apps whose JobManager is not up on Kubernetes, by reason").tag("reason", reason)
                    .strongReference(true).register(registry);
            notUp.put(reason, value);
        }
        for (String result : RESCALE_RESULTS) {
            rescales.put(result, Counter.builder("flinkgitops.rescales").tag("result", result).register(registry));
        }
        Gauge.builder("flinkgitops.invalid.specs", invalidSpecs, AtomicInteger::get)
                .description("Specs that failed validation in the last tick")
                .strongReference(true)
                .register(registry);
        Gauge.builder("flinkgitops.last.successful.tick", lastSuccessfulTickMillis, m -> m.get() / 1000.0)
                .description("End of the last successful tick, epoch seconds; 0 until the first")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    /** One finished tick and how long it took. */
    public void tick(Duration took) {
        ticks.increment();
        tickTime.record(took);
    }

    /** One git fetch; a failed one also counts in the failures counter. */
    public void gitFetch(Duration took, boolean ok) {
        gitFetchTime.record(took);
        if (!ok) {
            gitFetchFailures.increment();
        }
    }

    /** Applications per phase right now; phases not in {@code counts} go to zero. */
    public void appsByPhase(Map<String, Integer> counts) {
        counts.keySet().forEach(phase -> apps.computeIfAbsent(Objects.requireNonNull(phase), this::phaseGauge));
        apps.forEach((phase, gauge) -> gauge.set(counts.getOrDefault(phase, 0)));
    }

    /** One upgrade that ended with {@code result}, one of {@link #UPGRADE_RESULTS}. */
    public void upgrade(String result) {
        Counter counter = upgrades.get(result);
        if (counter == null) {
            throw new IllegalArgumentException("unknown upgrade result " + result + ", expected one of " + UPGRADE_RESULTS);
        }
        counter.increment();
    }

    /** One in-place rescale that ended with {@code result}, one of {@link #RESCALE_RESULTS}. */
    public void rescale(String result) {
        Counter counter = rescales.get(result);
        if (counter == null) {
            throw new IllegalArgumentException("unknown rescale result " + result + ", expected one of " + RESCALE_RESULTS);
        }
        counter.increment();
    }

    /** One savepoint attempt; a failed one also counts in the failures counter. */
    public void savepoint(Duration took, boolean ok) {
        savepointTime.record(took);
        if (!ok) {
            savepointFailures.increment();
        }
    }

    /** A cluster whose answers were not believed for one tick. */
    public void distrusted() {
        distrusted.increment();
    }

    /** A job started from older state than the newest the daemon knew of. */
    public void stateRegression() {
        stateRegressions.increment();
    }

    /** The state-compatibility results {@link #stateCheck} accepts. */
    public static final Set<String> STATE_CHECK_RESULTS = Set.of("refused", "not_checked");

    /** The state-compatibility guard refused an upgrade's stop, or could not check (registered at zero up front). */
    public void stateCheck(String result) {
        Counter counter = stateChecks.get(result);
        if (counter == null) {
            throw new IllegalArgumentException("unknown state check result " + result + ", expected one of " + STATE_CHECK_RESULTS);
        }
        counter.increment();
    }

    /** A JobManager replacement for drift held back by the rate limit. */
    public void driftReplacementHeldBack() {
        driftHeldBack.increment();
    }

    /** A second live job of an app, found on a cluster. */
    public void strayJob() {
        strayJobs.increment();
    }

    /** A status-branch push that was rejected because the branch moved. */
    public void statusPushConflict() {
        statusPushConflicts.increment();
    }

    /**
     * Apps whose JobManager is not up right now, per reason (one of {@link #NOT_UP_REASONS}); a reason not in
     * {@code byReason} goes back to zero.
     */
    public void clustersNotUp(Map<String, Integer> byReason) {
        byReason.keySet().forEach(reason -> {
            if (!NOT_UP_REASONS.contains(reason)) {
                throw new IllegalArgumentException("unknown reason " + reason + ", expected one of " + NOT_UP_REASONS);
            }
        });
        notUp.forEach((reason, value) -> value.set(byReason.getOrDefault(reason, 0)));
    }

    /** {@code count} ticks or actions ({@link #LEASE_LOST_TICK}, {@link #LEASE_LOST_ACTION}) skipped for a lost lease. */
    public void leaseLostSkips(String skipped, int count) {
        Counter counter = leaseLost.get(skipped);
        if (counter == null) {
            throw new IllegalArgumentException("unknown skip " + skipped + ", expected one of " + leaseLost.keySet());
        }
        counter.increment(count);
    }

    /** How many specs are invalid right now. */
    public void invalidSpecs(int count) {
        invalidSpecs.set(count);
    }

    /** When the last tick that completed without failure ended. */
    public void lastSuccessfulTick(Instant at) {
        lastSuccessfulTickMillis.set(at.toEpochMilli());
    }

    /** The registry, for the daemon to bind further meters (JVM, process) if it wants them. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    private Timer timer(String name, String description) {
        return Timer.builder(name).description(description).register(registry);
    }

    private Counter leaseLostCounter(String skipped) {
        return Counter.builder("flinkgitops.lease.lost.skips").tag("skipped", skipped)
                .description("Ticks and actions skipped because this daemon lost the leader's lease").register(registry);
    }

    private AtomicInteger phaseGauge(String phase) {
        AtomicInteger value = new AtomicInteger();
        Gauge.builder("flinkgitops.apps", value, AtomicInteger::get)
                .description("Applications per phase")
                .tag("phase", phase)
                .strongReference(true)
                .register(registry);
        return value;
    }
}
