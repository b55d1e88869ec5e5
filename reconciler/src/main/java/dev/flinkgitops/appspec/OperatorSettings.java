package dev.flinkgitops.appspec;

import org.apache.flink.util.TimeUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Flink Kubernetes Operator's {@code kubernetes.operator.*} keys of an app's
 * {@code flinkConfiguration} that configure the savepoint guard. Durations use Flink's syntax
 * ({@code 30 s}, {@code 10min}, {@code 1h}).
 *
 * @param periodicSavepointInterval take a savepoint this often, or null
 * @param historyMaxCount keep at most this many savepoints (older ones are disposed), or null
 * @param historyMaxAge dispose savepoints older than this, or null
 * @param lastStateMaxCheckpointAge last-state restores from a checkpoint only when it is younger
 *     than this (null: any age)
 * @param readinessTimeout how long a new job has to become RUNNING and complete a checkpoint
 * @param rollbackEnabled start the last stable spec again when a new one does not become ready
 * @param savepointOnDeletion stop with a final savepoint when the spec file is removed
 * @param savepointFormat the format every savepoint and stop-with-savepoint asks Flink for, or null
 *     (Flink's default, canonical)
 */
public record OperatorSettings(
        Duration periodicSavepointInterval,
        Integer historyMaxCount,
        Duration historyMaxAge,
        Duration lastStateMaxCheckpointAge,
        Duration readinessTimeout,
        boolean rollbackEnabled,
        boolean savepointOnDeletion,
        SavepointFormat savepointFormat) {

    public static final String PERIODIC_SAVEPOINT_INTERVAL = "kubernetes.operator.periodic.savepoint.interval";
    public static final String HISTORY_MAX_COUNT = "kubernetes.operator.savepoint.history.max.count";
    public static final String HISTORY_MAX_AGE = "kubernetes.operator.savepoint.history.max.age";
    public static final String LAST_STATE_MAX_AGE = "kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age";
    public static final String READINESS_TIMEOUT = "kubernetes.operator.deployment.readiness.timeout";
    public static final String ROLLBACK_ENABLED = "kubernetes.operator.deployment.rollback.enabled";
    public static final String SAVEPOINT_ON_DELETION = "kubernetes.operator.job.savepoint-on-deletion";
    public static final String SAVEPOINT_FORMAT = "kubernetes.operator.savepoint.format.type";

    static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofMinutes(5);

    /** Reads the settings; a value that does not parse is left at its default (validation reports it). */
    public static OperatorSettings of(Map<String, String> configuration) {
        Reader reader = new Reader(configuration);
        return reader.settings();
    }

    /** Every key whose value does not parse, with the reason: "key: reason". */
    public static List<String> problems(Map<String, String> configuration) {
        Reader reader = new Reader(configuration);
        reader.settings();
        return reader.problems;
    }

    private static final class Reader {
        private final Map<String, String> configuration;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> configuration) {
            this.configuration = configuration;
        }

        OperatorSettings settings() {
            Duration readiness = duration(READINESS_TIMEOUT);
            return new OperatorSettings(duration(PERIODIC_SAVEPOINT_INTERVAL), count(HISTORY_MAX_COUNT),
                    duration(HISTORY_MAX_AGE), duration(LAST_STATE_MAX_AGE),
                    readiness == null ? DEFAULT_READINESS_TIMEOUT : readiness,
                    bool(ROLLBACK_ENABLED, false), bool(SAVEPOINT_ON_DELETION, true), format(SAVEPOINT_FORMAT));
        }

        private SavepointFormat format(String key) {
            String value = configuration.get(key);
            SavepointFormat format = SavepointFormat.parse(value);
            if (value != null && format == null) {
                problems.add(key + ": must be CANONICAL or NATIVE, not '" + value + "'");
            }
            return format;
        }

        private Duration duration(String key) {
            String value = configuration.get(key);
            if (value == null) {
                return null;
            }
            try {
                Duration duration = TimeUtils.parseDuration(value);
                if (duration.isNegative() || duration.isZero()) {
                    problems.add(key + ": must be a positive duration, not '" + value + "'");
                    return null;
                }
                return duration;
            } catch (IllegalArgumentException e) {
                problems.add(key + ": '" + value + "' is not a duration (e.g. 30 s, 10 min, 1 h)");
                return null;
            }
        }

        private Integer count(String key) {
            String value = configuration.get(key);
            if (value == null) {
                return null;
            }
            try {
                int count = Integer.parseInt(value.trim());
                if (count < 1) {
                    problems.add(key + ": must be at least 1, not " + count);
                    return null;
                }
                return count;
            } catch (NumberFormatException e) {
                problems.add(key + ": '" + value + "' is not a whole number");
                return null;
            }
        }

        private boolean bool(String key, boolean fallback) {
            String value = configuration.get(key);
            if (value == null) {
                return fallback;
            }
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(value);
            }
            problems.add(key + ": must be true or false, not '" + value + "'");
            return fallback;
        }
    }
}
