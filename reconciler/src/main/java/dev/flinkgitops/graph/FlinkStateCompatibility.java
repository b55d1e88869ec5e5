package dev.flinkgitops.graph;

import dev.flinkgitops.port.RestoreCompatibility;
import dev.flinkgitops.port.StateCompatibility;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The state-compatibility check with Flink's own classes: the restore point's metadata through
 * {@link RestorePointReader}, the new graph through {@link JobGraphs}, compared by {@link StateLayout}.
 * Each failure is an answer that says why, never an exception and never a pass.
 */
public final class FlinkStateCompatibility implements StateCompatibility {

    /** How long a jar's main may take to build its graph. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(30);

    private final Function<String, Path> jars;
    private final Duration limit;
    private final boolean quiet;

    /**
     * @param jars a jarURI to a local file (throws with a message when it cannot)
     * @param quiet whether the main's standard output and error are captured while it runs (the process's
     *     streams are swapped for that time: for the {@code plan} command, whose output they would corrupt;
     *     not in the daemon, whose other threads log meanwhile)
     */
    public FlinkStateCompatibility(Function<String, Path> jars, Duration limit, boolean quiet) {
        this.jars = jars;
        this.limit = limit;
        this.quiet = quiet;
    }

    /** Loads Flink's graph classes in the background (see {@link WarmUp}); returns this. */
    public FlinkStateCompatibility warmedUp() {
        WarmUp.start();
        return this;
    }

    @Override
    public RestoreCompatibility check(Job job, String restorePoint) {
        if (restorePoint == null) {
            return RestoreCompatibility.notChecked(null, "no restore point is known");
        }
        List<StateLayout.SavedOperator> saved;
        String point = restorePoint;
        try {
            point = RestorePointReader.newest(restorePoint);
            saved = RestorePointReader.read(point);
        } catch (IOException | RuntimeException e) {
            return RestoreCompatibility.notChecked(point, "its metadata cannot be read here (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + ")");
        }
        Path jar;
        try {
            jar = jars.apply(job.jarURI());
        } catch (RuntimeException e) {
            return RestoreCompatibility.notChecked(point, "the jar cannot be read here (" + e.getMessage() + ")");
        }
        try {
            List<StateLayout.GraphOperator> graph = JobGraphs.operators(jar, job, limit, quiet);
            return StateLayout.compare(graph, saved, point, job.allowNonRestoredState());
        } catch (JobGraphs.GraphException e) {
            return RestoreCompatibility.failed(point, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return RestoreCompatibility.failed(point, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
