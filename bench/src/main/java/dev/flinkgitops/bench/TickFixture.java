package dev.flinkgitops.bench;

import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Clusters;
import dev.flinkgitops.bench.BenchFixtures.ManualClock;
import dev.flinkgitops.daemon.Catalog;
import dev.flinkgitops.daemon.SpecCatalog;
import dev.flinkgitops.daemon.Tick;
import dev.flinkgitops.daemon.TickReport;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.git.StatusBranch;
import dev.flinkgitops.observe.LiveView;
import dev.flinkgitops.observe.Observer;
import dev.flinkgitops.plan.Observed;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.plan.PlanInput;
import dev.flinkgitops.plan.Planner;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.StatusCodec;
import dev.flinkgitops.testing.FakeFlink;
import dev.flinkgitops.testing.SpecRepo;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import org.eclipse.jgit.lib.PersonIdent;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.flinkgitops.bench.BenchFixtures.app;
import static dev.flinkgitops.bench.BenchFixtures.file;
import static dev.flinkgitops.bench.BenchFixtures.jars;
import static dev.flinkgitops.bench.BenchFixtures.settings;
import static dev.flinkgitops.bench.BenchFixtures.spec;

/**
 * The daemon's parts over the fake Flink port, set up one way for the plain harness ({@link Bench})
 * and for JMH ({@link SteadyTickJmh}, {@link ColdStartJmh}): B1's ticking daemon and B3's cold start.
 */
final class TickFixture {

    final FakeFlink flink = new FakeFlink();
    final ManualClock clock = new ManualClock();
    private final PlannerSettings settings = settings();
    private final Clusters clusters =
            new Clusters(Map.of("default", new Cluster("default", "fake://", flink, flink, flink)), null);

    /** The daemon's view of the spec files under apps/ of {@code repo}. */
    SpecCatalog catalog(GitRepository repo) {
        return new SpecCatalog(repo, new SpecValidator(ValidationSettings.defaults()), List.of("apps"));
    }

    /** The daemon's tick on branch main, writing statuses to {@code statusBranch}. */
    Tick tick(GitRepository repo, SpecCatalog catalog, String statusBranch) {
        return Tick.builder(repo, clusters, settings).branches("main", statusBranch).catalog(catalog).jars(jars())
                .statusWriter(new PersonIdent("bench", "bench@x"), 3).clock(clock).build();
    }

    /** A cold start's observe (against the fake port) and plan of every app of {@code validated}. */
    Map<AppId, Plan> observeAndPlan(Catalog validated, Map<AppId, AppStatus> recorded) {
        Observed observed = new LiveView(new Observer(clusters), settings).observe(recorded, validated.desired());
        Planner planner = new Planner(settings);
        Instant now = Instant.now();
        Map<AppId, Plan> plans = new LinkedHashMap<>();
        for (AppId id : new TreeSet<>(validated.desired().keySet())) {
            plans.put(id, planner.plan(new PlanInput(id, validated.desired().get(id), null, null, null, null, observed, null, now)));
        }
        return plans;
    }

    /** Pushes {@code apps} synthetic specs (tag v1) to main of {@code url} in one commit, from a working clone in {@code work}. */
    static void seed(Path work, String url, int apps) {
        try (SpecRepo specs = SpecRepo.create(work, url)) {
            for (int i = 0; i < apps; i++) {
                specs.write(file(i), spec(app(i), "v1"));
            }
            specs.commitAndPush(apps + " apps");
        }
    }

    /** Ticks (moving the clock a minute each) until every app is RUNNING and nothing is in flight. */
    static int settle(Tick tick, ManualClock clock, int apps, int max) {
        for (int n = 1; n <= max; n++) {
            TickReport report = tick.run();
            clock.advance(Duration.ofMinutes(1));
            Map<AppId, AppStatus> statuses = tick.statuses();
            long running = statuses.values().stream().filter(s -> s.phase() == Phase.RUNNING).count();
            if (!report.inFlight() && running == apps
                    && report.written().outcome() == StatusBranch.WriteResult.Outcome.UNCHANGED) {
                return n;
            }
        }
        throw new IllegalStateException("not steady after " + max + " ticks: " + phases(tick.statuses()));
    }

    private static Map<Phase, Integer> phases(Map<AppId, AppStatus> statuses) {
        Map<Phase, Integer> count = new HashMap<>();
        statuses.values().forEach(s -> count.merge(s.phase(), 1, Integer::sum));
        return count;
    }
}
