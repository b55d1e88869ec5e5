package dev.flinkgitops.daemon;

import dev.flinkgitops.apply.Applier;
import dev.flinkgitops.git.GitException;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.observe.LiveView;
import dev.flinkgitops.observe.Observer;
import dev.flinkgitops.plan.Desired;
import dev.flinkgitops.plan.MassDeletionGuard;
import dev.flinkgitops.plan.Observed;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.plan.PlanInput;
import dev.flinkgitops.plan.Planner;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import org.eclipse.jgit.lib.ObjectId;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One reconcile pass: source, validate, observe, plan, apply, record. The record step ends by queuing
 * the notifications of what it recorded (never sent on the tick's thread).
 */
public final class Tick implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Tick.class);

    /** How many apps' Flink calls run at once. */
    static final int ACTION_THREADS = 8;

    private final GitRepository repo;
    private final String specBranch;
    private final SpecCatalog catalog;
    private final StatusStore store;
    private final LiveView live;
    private final Planner planner;
    private final Applier applier;
    private final Clock clock;
    private final double maxDeletionShare;
    private final ProgressLog progress = new ProgressLog();
    private final ExecutorService actions;
    private final dev.flinkgitops.notify.Notifier notifier;
    private volatile Map<AppId, AppStatus> recordedAtStart = Map.of();

    /** Built by {@link TickBuilder}, the one way the daemon, the tests and the benchmarks assemble a tick. */
    Tick(GitRepository repo, String specBranch, SpecCatalog catalog, StatusStore store, Observer observer, Planner planner,
            Applier applier, PlannerSettings settings, double maxDeletionShare, Clock clock,
            dev.flinkgitops.notify.Notifier notifier) {
        this.repo = repo;
        this.specBranch = specBranch;
        this.catalog = catalog;
        this.store = store;
        this.live = new LiveView(observer, settings);
        this.planner = planner;
        this.applier = applier;
        this.clock = clock;
        this.maxDeletionShare = maxDeletionShare;
        this.notifier = notifier;
        this.actions = Executors.newFixedThreadPool(ACTION_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "flink-gitops-action");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The parts of a tick over a repository, its clusters and the planner's settings. */
    public static TickBuilder builder(GitRepository repo, dev.flinkgitops.port.Clusters clusters, PlannerSettings settings) {
        return new TickBuilder(repo, clusters, settings);
    }

    public TickReport run() {
        return run(true, null);
    }

    public TickReport run(boolean fetch) {
        return run(fetch, null);
    }

    /**
     * One pass.
     *
     * @param fetch fetch the repository first; without, the pass works from the last fetch and
     *     the status branch as this process last wrote it (quick passes while Flink works)
     * @param finalSavepointsSince when set, the daemon is stopping with its embedded cluster: plan
     *     a savepoint of every stateful running job that has none since this instant
     */
    public TickReport run(boolean fetch, Instant finalSavepointsSince) {
        Instant now = clock.instant();
        long t0 = System.nanoTime();
        ObjectId head = source(fetch);
        Map<AppId, AppStatus> recorded = store.current();
        recordedAtStart = recorded;
        long t1 = System.nanoTime();
        Catalog validated = catalog.read(head, recorded);
        long t2 = System.nanoTime();
        Observed observed = observe(validated, recorded);
        long t3 = System.nanoTime();
        String refusal = MassDeletionGuard.check(validated.desired(), recorded, maxDeletionShare, repo.message(head)).orElse(null);
        Map<AppId, Plan> plans = plan(validated, recorded, observed, refusal, now, finalSavepointsSince);
        long t4 = System.nanoTime();
        Map<AppId, AppStatus> next = apply(plans, recorded, validated.commit());
        long t5 = System.nanoTime();
        StatusBranch.WriteResult written = store.record(next, plans, validated.commit());
        notifier.recorded(recorded, store.current(), clock.instant());
        if (log.isDebugEnabled()) {
            log.debug("tick {} ms: fetch {}, specs {}, observe {}, plan {}, apply {}, record {} ({})", ms(System.nanoTime() - t0),
                    ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t5 - t4), ms(System.nanoTime() - t5), written.outcome());
        }
        return new TickReport(validated.commit(), plans, written, inFlight(plans, store.current()), validated.unclaimedInvalid(),
                outage(plans), observed.distrusted(), clusters(observed), observed.health(), applier.takeLeaseLostSkips());
    }

    /** Each cluster read this tick: null when it answered and was believed, else why not. */
    private static Map<String, String> clusters(Observed observed) {
        Map<String, String> clusters = new java.util.TreeMap<>();
        observed.jobs().keySet().forEach(name -> clusters.put(name, null));
        observed.unreachable().forEach(name -> clusters.put(name, observed.whyUndecided(name)));
        return java.util.Collections.unmodifiableMap(clusters);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    @Override
    public void close() {
        actions.shutdownNow();
    }

    /**
     * The statuses the last run started from, as read from the status branch after its fetch: what a tick's
     * changes are measured against (before the first run of a daemon, {@link #statuses()} is still empty).
     */
    public Map<AppId, AppStatus> recordedAtStart() {
        return recordedAtStart;
    }

    /** The statuses as they stand on the status branch. */
    public Map<AppId, AppStatus> statuses() {
        return store.current();
    }

    /** One fetch (if asked); the status files are re-read only when someone else moved the status branch. */
    private ObjectId source(boolean fetch) {
        if (fetch) {
            repo.fetch();
        }
        ObjectId head = repo.tip(specBranch)
                .orElseThrow(() -> new GitException("branch " + specBranch + " not found in " + repo.redactedUrl(), null));
        store.refresh();
        return head;
    }

    private Observed observe(Catalog validated, Map<AppId, AppStatus> recorded) {
        return live.observe(recorded, validated.desired(), store.notTriggered(), id -> {
            AppStatus status = recorded.get(id);
            return status == null ? null : catalog.specAt(status.specCommit(), status.specFile(), id);
        });
    }

    private Map<AppId, Plan> plan(Catalog validated, Map<AppId, AppStatus> recorded, Observed observed, String refusal,
            Instant now, Instant finalSavepointsSince) {
        Map<AppId, Plan> plans = new LinkedHashMap<>();
        Set<AppId> apps = new TreeSet<>(validated.desired().keySet());
        apps.addAll(recorded.keySet());
        Map<String, AppId> restorePoints = dev.flinkgitops.plan.RestorePointIndex.of(validated.desired(), recorded);
        for (AppId id : apps) {
            AppStatus status = recorded.get(id);
            Desired desired = validated.desired().getOrDefault(id, Desired.removed(validated.commit()));
            PlanInput input = new PlanInput(id, desired, status,
                    status == null ? null : catalog.specAt(status.specCommit(), status.specFile(), id),
                    status == null || status.operation() == null ? null
                            : catalog.specAt(status.operation().targetCommit(), status.specFile(), id),
                    status == null || status.stableCommit() == null ? null
                            : catalog.specAt(status.stableCommit(), status.specFile(), id),
                    observed, desired.isRemoved() ? refusal : null, now, finalSavepointsSince,
                    validated.snapshotsOf(id, restorePoints));
            plans.put(id, planner.plan(input));
        }
        return plans;
    }

    /**
     * Carries out the plans. Those that call Flink run concurrently on a bounded pool, so one
     * slow call (a jar upload, a cluster that answers slowly) never holds up another app.
     */
    private Map<AppId, AppStatus> apply(Map<AppId, Plan> plans, Map<AppId, AppStatus> recorded, String headCommit) {
        Map<AppId, Future<AppStatus>> running = new LinkedHashMap<>();
        plans.forEach((id, plan) -> {
            progress.log(plan, headCommit);
            if (plan instanceof Plan.StopWithSavepoint stop) {
                store.sending(stop.triggerId());
            } else if (plan instanceof Plan.TriggerSavepoint savepoint) {
                store.sending(savepoint.triggerId());
            } else if (plan instanceof Plan.TriggerCheckpoint checkpoint) {
                store.sending(checkpoint.triggerId());
            }
            if (!(plan instanceof Plan.Nothing) && !(plan instanceof Plan.Record)) {
                running.put(id, actions.submit(() -> {
                    try (org.slf4j.MDC.MDCCloseable app = org.slf4j.MDC.putCloseable("app", id.toString());
                            org.slf4j.MDC.MDCCloseable spec = org.slf4j.MDC.putCloseable("specCommit", headCommit)) {
                        return applier.apply(plan, recorded.get(id));
                    }
                }));
            }
        });
        Map<AppId, AppStatus> next = new LinkedHashMap<>();
        plans.forEach((id, plan) -> next.put(id, running.containsKey(id) ? result(running.get(id), recorded.get(id))
                : applier.apply(plan, recorded.get(id))));
        return next;
    }

    private static AppStatus result(Future<AppStatus> action, AppStatus recorded) {
        try {
            return action.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return recorded;
        } catch (ExecutionException e) {
            throw new IllegalStateException("an action failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }

    /**
     * True while some app is mid-operation: the daemon then ticks at its fast interval. An app that
     * only waits for its cluster to answer does not count: the daemon backs off instead ({@link Pacing}).
     */
    private static boolean inFlight(Map<AppId, Plan> plans, Map<AppId, AppStatus> statuses) {
        Set<AppId> busy = new HashSet<>();
        plans.forEach((id, plan) -> {
            if (!(plan instanceof Plan.Nothing nothing) || nothing.waiting()) {
                busy.add(id);
            }
        });
        statuses.forEach((id, status) -> {
            if (status.operation() != null || status.phase() == dev.flinkgitops.status.Phase.DEPLOYING) {
                busy.add(id);
            }
        });
        plans.forEach((id, plan) -> {
            if (plan instanceof Plan.Nothing nothing && nothing.outage()) {
                busy.remove(id);
            }
        });
        return !busy.isEmpty();
    }

    /** True when some app waits for a cluster that did not answer or was not believed. */
    private static boolean outage(Map<AppId, Plan> plans) {
        return plans.values().stream().anyMatch(plan -> plan instanceof Plan.Nothing nothing && nothing.outage());
    }
}
