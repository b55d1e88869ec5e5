package dev.flinkgitops.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benchmark's command line: which benchmarks to run, how many samples, where to write. Each
 * option's default is here and nowhere else; {@code --help} lists them with the benchmark ids.
 */
@Command(name = "java -jar bench/target/benchmarks.jar", sortOptions = false,
        description = "The benchmarks of issue 7, one command for all; run from the checkout's root. "
                + "Every figure is the median of n runs with min-max.",
        footerHeading = "%nBenchmarks (ids for --only; N is --apps):%n", footer = {
            "  B1  tick, N apps, no new commit: git round trips, status writes, CPU",
            "  B2  commit changing 1 of N specs: re-parses, fetch -> first Flink call",
            "  B3  cold start, N specs: parse + validate + plan (fresh JVMs, JMH)",
            "  B4  one savepoint-guarded upgrade, real Flink: daemon / Flink's own time",
            "  B5  the same upgrade by hand with the Flink CLI: CLI / daemon wall",
            "  B6  20 apps changed in one commit: daemon wall / B4 wall",
            "  B7  the daemon's memory and start-up, N apps RUNNING on a fake Flink",
            "  B8  push -> first action (stop-with-savepoint triggered), webhook",
            "  B9  a lost answer to the successor's submit after an upgrade's stop",
            "  B10 a parallelism change: rescale in place (adaptive scheduler) and savepoint upgrade",
            "  B11 the fleet page (GET /) with N apps: server time",
            "  B12 the state-compatibility check's cost on an upgrade: check on - off",
            "B1 and B2 run in this JVM against a fake Flink port, B3 in fresh JVMs;",
            "B4-B6, B8-B10 and B12 against a real Flink cluster, each part a process."})
final class BenchOptions {

    /** Every benchmark id, with its one-line description above. */
    static final Set<String> ALL = Set.of("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11", "B12");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--only", split = ",", paramLabel = "ID", converter = BenchmarkId.class,
            description = "Run only these benchmarks, comma-separated: B1,B4 (default: all).")
    Set<String> only = new TreeSet<>(ALL);

    @Option(names = "--apps", paramLabel = "N", description = "Synthetic specs of B1-B3 and B7 (default: ${DEFAULT-VALUE}).")
    int apps = 1000;

    @Option(names = "--runs", paramLabel = "N", description = "Samples per in-process figure, at least 5 (default: ${DEFAULT-VALUE}).")
    int runs = 15;

    @Option(names = "--e2e-runs", paramLabel = "N", description = "Samples per end-to-end figure, at least 5 (default: ${DEFAULT-VALUE}).")
    int e2eRuns = 5;

    @Option(names = "--out", paramLabel = "FILE", description = "The results file (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("bench/results.md");

    @Option(names = "--keep", description = "Keep the work directory (its path is logged).")
    boolean keep;

    @Option(names = "--daemon-jar", paramLabel = "PATH", converter = DaemonJar.class,
            description = "Run the daemon of B4-B6, B8-B10 and B12 from another build (an older commit's, say); "
                    + "default: this build's, next to the benchmark jar.")
    Path daemonJar;

    /**
     * Parses {@code args}: empty after printing the usage on {@code --help}; on a mistake prints it
     * with the usage and ends the JVM with EX_USAGE (64, as {@code flink-gitops} does).
     */
    static Optional<BenchOptions> parse(String... args) {
        BenchOptions options = new BenchOptions();
        CommandLine commandLine = new CommandLine(options);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("benchmarks: " + e.getMessage());
            commandLine.usage(System.err);
            System.exit(64);
        }
        if (commandLine.isUsageHelpRequested()) {
            commandLine.usage(System.out);
            return Optional.empty();
        }
        return Optional.of(options);
    }

    /** A benchmark id, in any case: one of {@link #ALL}. */
    static final class BenchmarkId implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String id = value.toUpperCase(Locale.ROOT);
            if (!ALL.contains(id)) {
                throw new CommandLine.TypeConversionException("not a benchmark: " + value + " (one of " + new TreeSet<>(ALL) + ")");
            }
            return id;
        }
    }

    /** A daemon jar that exists, made absolute (the daemons run in other directories). */
    static final class DaemonJar implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path jar = Path.of(value).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new CommandLine.TypeConversionException(jar + " is not a file");
            }
            return jar;
        }
    }
}
