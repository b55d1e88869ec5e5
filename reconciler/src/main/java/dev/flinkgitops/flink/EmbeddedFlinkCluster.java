package dev.flinkgitops.flink;

import dev.flinkgitops.port.FlinkException;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An in-process Flink cluster (MiniCluster) with its REST endpoint, {@code /jars} API and web
 * UI on 127.0.0.1. Uploads, temporary files, savepoints and checkpoints live in directories
 * it is given, never in the shared system temp directory.
 */
public final class EmbeddedFlinkCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlinkCluster.class);

    /**
     * @param port REST and web UI port on 127.0.0.1; 0 picks a free one
     * @param taskSlots slots of the single task manager
     * @param workDirectory private directory for uploads and temporary files
     * @param savepointDirectory default {@code state.savepoints.dir}
     * @param checkpointDirectory default {@code execution.checkpointing.dir}
     * @param closeTimeout how long {@link #close()} waits for the cluster to shut down
     * @param adaptiveScheduler run jobs with Flink's adaptive scheduler ({@code jobmanager.scheduler: adaptive},
     *     no cool-down between rescales), so that a change of parallelism alone rescales the job in place
     */
    public record Settings(
            int port,
            int taskSlots,
            Path workDirectory,
            Path savepointDirectory,
            Path checkpointDirectory,
            Duration closeTimeout,
            boolean adaptiveScheduler) {

        public Settings {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            if (taskSlots < 1) {
                throw new IllegalArgumentException("taskSlots must be at least 1, got " + taskSlots);
            }
        }

        public static final int DEFAULT_PORT = 8081;
        public static final int DEFAULT_TASK_SLOTS = 8;

        /** Port 8081, 8 slots, savepoints and checkpoints under {@code workDirectory}, close within 30 s. */
        public static Settings defaults(Path workDirectory) {
            return new Settings(
                    DEFAULT_PORT,
                    DEFAULT_TASK_SLOTS,
                    workDirectory,
                    workDirectory.resolve("savepoints"),
                    workDirectory.resolve("checkpoints"),
                    Duration.ofSeconds(30),
                    false);
        }

        public Settings withPort(int newPort) {
            return new Settings(newPort, taskSlots, workDirectory, savepointDirectory, checkpointDirectory, closeTimeout,
                    adaptiveScheduler);
        }

        public Settings withTaskSlots(int slots) {
            return new Settings(port, slots, workDirectory, savepointDirectory, checkpointDirectory, closeTimeout,
                    adaptiveScheduler);
        }

        public Settings withAdaptiveScheduler(boolean adaptive) {
            return new Settings(port, taskSlots, workDirectory, savepointDirectory, checkpointDirectory, closeTimeout, adaptive);
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final MiniCluster cluster;
    private final URI restUrl;
    private final Duration closeTimeout;

    private EmbeddedFlinkCluster(MiniCluster cluster, URI restUrl, Duration closeTimeout) {
        this.cluster = cluster;
        this.restUrl = restUrl;
        this.closeTimeout = closeTimeout;
    }

    public static EmbeddedFlinkCluster start(Settings settings) {
        Configuration config = configuration(settings);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(settings.taskSlots())
                .build());
        try {
            cluster.start();
            URI restUrl = cluster.getRestAddress().get(30, TimeUnit.SECONDS);
            EmbeddedFlinkCluster embedded = new EmbeddedFlinkCluster(cluster, restUrl, settings.closeTimeout());
            awaitRest(restUrl, READY_TIMEOUT);
            LOG.info("Embedded Flink cluster started: REST and web UI at {}", restUrl);
            return embedded;
        } catch (Exception e) {
            closeQuietly(cluster, settings.closeTimeout());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot start the embedded Flink cluster on 127.0.0.1:" + settings.port() + ": " + e, e);
        }
    }

    /** Waits until the REST endpoint answers (it has a leader): {@code start} returns a usable cluster. */
    private static void awaitRest(URI restUrl, Duration timeout) {
        FlinkRestClient client = new FlinkRestClient(restUrl, Duration.ofSeconds(2));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                client.listJobs();
                return;
            } catch (FlinkException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the embedded cluster's REST endpoint did not answer within " + timeout + ": " + e.getMessage(), e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
    }

    /** The REST base URL, e.g. {@code http://127.0.0.1:8081}. */
    public URI restUrl() {
        return restUrl;
    }

    /** Shuts the cluster down, waiting at most the close timeout (a close once hung after a failure). */
    @Override
    public void close() {
        closeQuietly(cluster, closeTimeout);
    }

    static Configuration configuration(Settings settings) {
        Path work = settings.workDirectory().toAbsolutePath();
        Path uploads = work.resolve("uploads");
        Path tmp = work.resolve("tmp");
        createDirectories(uploads, tmp, settings.savepointDirectory(), settings.checkpointDirectory());
        Configuration config = new Configuration();
        config.set(RestOptions.ADDRESS, "127.0.0.1");
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(RestOptions.BIND_PORT, String.valueOf(settings.port()));
        config.set(WebOptions.UPLOAD_DIR, uploads.toString());
        config.set(CoreOptions.TMP_DIRS, tmp.toString());
        config.set(TaskManagerOptions.NUM_TASK_SLOTS, settings.taskSlots());
        config.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, settings.savepointDirectory().toAbsolutePath().toUri().toString());
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, settings.checkpointDirectory().toAbsolutePath().toUri().toString());
        if (settings.adaptiveScheduler()) {
            // By key, not by option: the cool-down's key changed in Flink 1.20 (an unknown key is ignored).
            config.setString("jobmanager.scheduler", "adaptive");
            config.setString("jobmanager.adaptive-scheduler.scaling-interval.min", "0 ms");
            config.setString("jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling", "0 ms");
        }
        return config;
    }

    private static void createDirectories(Path... directories) {
        for (Path directory : directories) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + directory, e);
            }
        }
    }

    private static void closeQuietly(MiniCluster cluster, Duration timeout) {
        try {
            cluster.closeAsync().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Embedded Flink cluster did not shut down within {}; leaving it", timeout);
        } catch (ExecutionException e) {
            LOG.warn("Embedded Flink cluster shut down with an error: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
