package dev.flinkgitops.plan;

import dev.flinkgitops.port.RenderRequest;
import dev.flinkgitops.port.RunRequest;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.SavepointFormat;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.AppStatus;

/**
 * What the daemon does to one application in one tick: at most one step. Plans are values;
 * only the applier acts on them. {@code why} is the human sentence for logs and the status
 * branch.
 */
public sealed interface Plan {

    /** How a plan that starts from older state than the newest the daemon knows of begins its reason (logged at WARN). */
    String STATE_REGRESSION = "state regression by choice";

    /** How a record of a job rewound by a JobManager restart without HA begins its reason (logged at WARN, counted). */
    String STATE_REWOUND = "state regression: rewound by a JobManager restart";

    /** How the error recorded for a stray job being stopped begins (a notification keys on it). */
    String STRAY_JOB = "stray job ";

    AppId app();

    String why();

    /** The status moves to {@code next}, and its message says why. */
    static Plan record(AppId app, AppStatus next) {
        return new Record(app, next, next.message());
    }

    /** The status moves to {@code next}; nothing (steady, because {@code steadyWhy}) when that is what is recorded. */
    static Plan recordIfChanged(AppId app, AppStatus recorded, AppStatus next, String steadyWhy) {
        return next.equals(recorded) ? Nothing.steady(app, steadyWhy) : record(app, next);
    }

    /** As {@link #recordIfChanged(AppId, AppStatus, AppStatus, String)}, steady with {@code next}'s message. */
    static Plan recordIfChanged(AppId app, AppStatus recorded, AppStatus next) {
        return recordIfChanged(app, recorded, next, next.message());
    }

    /**
     * Nothing to do: steady, or {@code waiting} on something already under way (a savepoint, a
     * cluster that did not answer, a retry time).
     */
    record Nothing(AppId app, String why, boolean waiting, boolean outage) implements Plan {
        public static Nothing steady(AppId app, String why) {
            return new Nothing(app, why, false, false);
        }

        public static Nothing waiting(AppId app, String why) {
            return new Nothing(app, why, true, false);
        }

        /** Waiting because its cluster did not answer (or was not believed): the daemon backs off. */
        public static Nothing outage(AppId app, String why) {
            return new Nothing(app, why, true, true);
        }
    }

    /** No action on Flink; the status moves to {@code next} (intent, savepoint path, blocked, stalled). */
    record Record(AppId app, AppStatus next, String why) implements Plan {}

    /** Submits a job; on success the status becomes {@code next}. */
    record Submit(AppId app, String cluster, String jarURI, UpgradeMode mode, RunRequest request, AppStatus next, String why)
            implements Plan {}

    /**
     * Stop-with-savepoint of {@code jobId} with the recorded trigger id, in {@code format} (null: Flink's
     * default); the status is already durable.
     */
    record StopWithSavepoint(AppId app, String cluster, String jobId, String targetDirectory, String triggerId,
            SavepointFormat format, String why, Successor successor) implements Plan {

        public StopWithSavepoint(AppId app, String cluster, String jobId, String targetDirectory, String triggerId,
                SavepointFormat format, String why) {
            this(app, cluster, jobId, targetDirectory, triggerId, format, why, null);
        }
    }

    /**
     * An upgrade's next job, for the state-compatibility guard before the stop: the new version, and the
     * newest restore point of the running job (its latest checkpoint, else its last savepoint; null when
     * none is known). The new job restores from a savepoint taken of the same operators.
     */
    record Successor(dev.flinkgitops.port.StateCompatibility.Job job, String restorePoint) {

        /** The check's input for a spec's job. */
        public static dev.flinkgitops.port.StateCompatibility.Job job(dev.flinkgitops.appspec.AppSpec spec) {
            return new dev.flinkgitops.port.StateCompatibility.Job(spec.job().jarURI(), spec.job().entryClass(),
                    spec.job().args(), spec.flinkConfiguration(), spec.job().parallelism() == null ? 1 : spec.job().parallelism(),
                    spec.job().allowNonRestoredState());
        }
    }

    /**
     * Stops a stray (a second live job of the app) with a savepoint under a trigger id derived from
     * its id; the status becomes {@code next}, which records it.
     */
    record StopStray(AppId app, String cluster, String jobId, String targetDirectory, String triggerId,
            SavepointFormat format, AppStatus next, String why) implements Plan {}

    /**
     * Cancels a job whose state is not needed or is kept elsewhere (stateless, last-state checkpoint, rollback);
     * a last-state upgrade's carries its successor for the state-compatibility guard.
     */
    record Cancel(AppId app, String cluster, String jobId, String why, Successor successor) implements Plan {

        public Cancel(AppId app, String cluster, String jobId, String why) {
            this(app, cluster, jobId, why, null);
        }
    }

    /** A savepoint without a stop, with the recorded trigger id, in {@code format}; the status is already durable. */
    record TriggerSavepoint(AppId app, String cluster, String jobId, String targetDirectory, String triggerId,
            SavepointFormat format, String why) implements Plan {}

    /**
     * Asks Flink to run every vertex of {@code jobId} at {@code parallelism} without a restart of the job
     * ({@code PUT /jobs/:id/resource-requirements}); the intent is already durable. When Flink refuses, the status
     * becomes {@code refused} (a savepoint upgrade's recorded intent), with Flink's answer added to its message.
     */
    record Rescale(AppId app, String cluster, String jobId, java.util.Set<String> vertices, int parallelism,
            AppStatus refused, String why) implements Plan {}

    /** A checkpoint on demand with the recorded trigger id; the status is already durable. */
    record TriggerCheckpoint(AppId app, String cluster, String jobId, String checkpointType, String triggerId, String why)
            implements Plan {}

    /**
     * Creates or updates an app's Kubernetes objects (its own Flink cluster: the JobManager starts the
     * job itself, from the savepoint its arguments name); on success the status becomes {@code next}.
     * The request is rendered as objects where they are applied, at the edge.
     */
    record Deploy(AppId app, RenderRequest request, AppStatus next, String why) implements Plan {}

    /**
     * Removes an app's Kubernetes objects: only the Deployments (suspend) or everything (delete). The
     * job was stopped with a savepoint before; on success the status becomes {@code next}.
     */
    record Undeploy(AppId app, boolean everything, AppStatus next, String why) implements Plan {}

    /** Disposes a savepoint the retention rules no longer keep; on success the status becomes {@code next}. */
    record Dispose(AppId app, String cluster, String path, AppStatus next, String why) implements Plan {}
}
