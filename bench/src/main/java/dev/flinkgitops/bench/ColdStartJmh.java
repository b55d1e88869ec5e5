package dev.flinkgitops.bench;

import dev.flinkgitops.daemon.Catalog;
import dev.flinkgitops.daemon.SpecCatalog;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.appspec.AppId;
import org.eclipse.jgit.lib.ObjectId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * B3 under JMH: a cold start, once per fresh JVM. {@link Mirror} clones the spec repository (not
 * timed); the benchmark is what {@code Bench --b3-child} times: read and validate every spec of main
 * ({@link SpecCatalog#read}), then observe (fake Flink port, no jobs) and plan every app, with no
 * status branch yet (first start). Class loading and JIT are inside the figure, as in a real start.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 15, jvmArgsAppend = {JmhFigures.LOGBACK, JmhFigures.COLD_START_HEAP})
public class ColdStartJmh {

    /** A fetched mirror of the spec repository and its main; what the run read and planned. */
    @State(Scope.Thread)
    public static class Mirror {
        final TickFixture fixture = new TickFixture();
        GitRepository repo;
        ObjectId head;
        int apps;
        SpecCatalog catalog;
        Map<AppId, Plan> plans;

        @Setup(Level.Trial)
        public void fetch(SpecSource source) {
            repo = GitRepository.open(source.dir.resolve("mirror"), source.url, null, 60);
            repo.fetch();
            head = repo.tip("main").orElseThrow();
            apps = source.apps;
        }

        @TearDown(Level.Trial)
        public void close() {
            repo.close();
            long starts = plans.values().stream().filter(p -> !(p instanceof Plan.Nothing)).count();
            if (catalog.parses() != apps || starts != apps) {
                throw new IllegalStateException("B3: parsed " + catalog.parses() + ", planned " + starts + " starts, expected " + apps);
            }
        }
    }

    @Benchmark
    public Map<AppId, Plan> coldStart(Mirror mirror) {
        mirror.catalog = mirror.fixture.catalog(mirror.repo);
        Catalog validated = mirror.catalog.read(mirror.head, Map.of());
        mirror.plans = mirror.fixture.observeAndPlan(validated, Map.of());
        return mirror.plans;
    }
}
