package dev.flinkgitops.bench;

import dev.flinkgitops.daemon.SpecCatalog;
import dev.flinkgitops.daemon.Tick;
import dev.flinkgitops.daemon.TickReport;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.git.StatusBranch;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * B1's timing under JMH: one steady {@link Tick#run()} with every app RUNNING on the fake Flink port
 * and no new commit (one no-op fetch from a real {@code git daemon}, no status write), set up as
 * {@link Bench} does (via {@link TickFixture}). The primary figure is the tick's wall time, sampled;
 * {@link Cpu#cpuMsPerTick()} is the ticking thread's CPU time per tick, a mean per iteration.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = JmhFigures.LOGBACK)
public class SteadyTickJmh {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A settled daemon: its mirror, catalog and tick; writes its statuses to a branch of its own. */
    @State(Scope.Thread)
    public static class Daemon {
        GitRepository repo;
        Tick tick;
        TickReport last;

        @Setup(Level.Trial)
        public void settle(SpecSource source) {
            TickFixture fixture = new TickFixture();
            repo = GitRepository.open(source.dir.resolve("mirror"), source.url, null, 30);
            SpecCatalog catalog = fixture.catalog(repo);
            // Forks share the repository; a status branch each, so every fork starts with no statuses.
            tick = fixture.tick(repo, catalog, "status-jmh-" + ProcessHandle.current().pid());
            TickFixture.settle(tick, fixture.clock, source.apps, 40);
        }

        @TearDown(Level.Trial)
        public void close() {
            tick.close();
            repo.close();
            if (last.inFlight() || last.written().outcome() != StatusBranch.WriteResult.Outcome.UNCHANGED) {
                throw new IllegalStateException("B1: the last measured tick was not a steady one: " + last.written());
            }
        }
    }

    /**
     * CPU time of the ticking thread, reported per iteration as a secondary result. JMH sums EVENTS
     * counters over iterations in its own summary line, so read the per-iteration values (JmhFigures does).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        private long nanos;
        private long ticks;

        @Setup(Level.Iteration)
        public void reset() {
            nanos = 0;
            ticks = 0;
        }

        /** Mean CPU time per tick over the iteration, ms. */
        public double cpuMsPerTick() {
            return ticks == 0 ? 0 : nanos / 1e6 / ticks;
        }
    }

    @Benchmark
    public TickReport tick(Daemon daemon, Cpu cpu) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        TickReport report = daemon.tick.run();
        cpu.nanos += THREADS.getCurrentThreadCpuTime() - c0;
        cpu.ticks++;
        daemon.last = report;
        return report;
    }
}
