package dev.flinkgitops.port;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a cluster and one of its jobs tell about rescaling that job in place: the cluster's Flink version
 * ({@code GET /config}) and scheduler ({@code jobmanager.scheduler} of {@code GET /jobmanager/config}), the job's
 * resource requirements ({@code GET /jobs/:id/resource-requirements}, vertex id to upper bound; read only
 * under the adaptive scheduler) and the parallelism each vertex runs at ({@code GET /jobs/:id}).
 *
 * @param flinkVersion the cluster's Flink version ({@code 1.20.5}), or null when it did not say
 * @param scheduler the cluster's {@code jobmanager.scheduler}, or null when it is not set (Flink's default)
 * @param completedCheckpoints how many checkpoints of the job completed ({@code GET /jobs/:id/checkpoints}), or -1
 *     when not read: the adaptive scheduler restarts a rescaled job's tasks from the latest one, so a stateful job
 *     without one would start again from empty state
 */
public record RescaleView(String flinkVersion, String scheduler, Map<String, Integer> upperBounds,
        Map<String, Integer> running, long completedCheckpoints) {

    /** The Flink version that added {@code PUT /jobs/:id/resource-requirements}. */
    static final int[] FIRST_VERSION = {1, 18};
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(\\D.*)?");

    public RescaleView {
        upperBounds = Map.copyOf(upperBounds);
        running = Map.copyOf(running);
    }

    /**
     * Why this job cannot be rescaled in place, or empty when it can.
     *
     * @param stateful the job's state must carry over (upgradeMode savepoint or last-state)
     */
    public Optional<String> whyNot(boolean stateful) {
        if (!"adaptive".equalsIgnoreCase(scheduler)) {
            return Optional.of("the scheduler is not adaptive (jobmanager.scheduler is "
                    + (scheduler == null ? "not set" : scheduler) + " on the cluster)");
        }
        if (!versionSupports(flinkVersion)) {
            return Optional.of("Flink " + (flinkVersion == null ? "of unknown version" : flinkVersion)
                    + " cannot rescale in place (1.18 or newer can)");
        }
        if (upperBounds.isEmpty()) {
            return Optional.of("Flink named no job vertex to rescale");
        }
        if (stateful && completedCheckpoints <= 0) {
            return Optional.of("the job has no completed checkpoint, and Flink restarts a rescaled job's tasks from its"
                    + " latest one (its state would start empty)");
        }
        return Optional.empty();
    }

    /** True when every vertex is required at {@code parallelism} (the rescale was asked for). */
    public boolean requires(int parallelism) {
        return !upperBounds.isEmpty() && upperBounds.values().stream().allMatch(bound -> bound == parallelism);
    }

    /** True when every vertex the job has runs at {@code parallelism}. */
    public boolean runsAt(int parallelism) {
        return !running.isEmpty() && running.values().stream().allMatch(p -> p == parallelism);
    }

    /** The parallelism the job runs at as one number, or the vertices' ones ({@code 2, 4}) when they differ. */
    public String runningText() {
        return running.isEmpty() ? "unknown" : new java.util.TreeSet<>(running.values()).toString().replaceAll("[\\[\\]]", "");
    }

    /** True for Flink 1.18 and newer. */
    public static boolean versionSupports(String version) {
        Matcher matcher = version == null ? null : VERSION.matcher(version.trim());
        if (matcher == null || !matcher.matches()) {
            return false;
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        return major > FIRST_VERSION[0] || (major == FIRST_VERSION[0] && minor >= FIRST_VERSION[1]);
    }

    /** A view of a cluster that cannot rescale in place (no such calls): every check says why not. */
    public static RescaleView unsupported() {
        return new RescaleView(null, null, new TreeMap<>(), new TreeMap<>(), -1);
    }
}
