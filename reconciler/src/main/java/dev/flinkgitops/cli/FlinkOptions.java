package dev.flinkgitops.cli;

import dev.flinkgitops.config.FlinkConfig;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where jobs run, as options; the defaults are {@link FlinkConfig#DEFAULTS}. */
final class FlinkOptions {

    private static final FlinkConfig DEFAULTS = FlinkConfig.DEFAULTS;

    @Option(names = "--cluster", paramLabel = "NAME=URL", split = ",", converter = {SettingConverters.Text.class,
            SettingConverters.HttpUrl.class},
            description = "A session cluster's REST URL, by the name specs use (spec.deploymentName). Repeatable. "
                    + "Without any, the daemon starts an embedded Flink cluster and runs every job there.")
    Map<String, URI> clusters = new LinkedHashMap<>(DEFAULTS.clusters());

    @Option(names = "--default-cluster", converter = SettingConverters.NotBlank.class,
            description = "Cluster for FlinkDeployment jobs when Kubernetes is not used (default: ${DEFAULT-VALUE}).")
    String defaultCluster = DEFAULTS.defaultCluster();

    @Option(names = "--embedded-port", converter = SettingConverters.Port.class,
            description = "Embedded cluster REST/web UI port on 127.0.0.1; 0 for any free port (default: ${DEFAULT-VALUE}).")
    int embeddedPort = DEFAULTS.embeddedPort();

    @Option(names = "--embedded-slots", converter = SettingConverters.AtLeastOne.class,
            description = "Task slots of the embedded cluster (default: ${DEFAULT-VALUE}).")
    int embeddedSlots = DEFAULTS.embeddedSlots();

    @Option(names = "--embedded-adaptive-scheduler", negatable = true, fallbackValue = "true",
            description = "Run the embedded cluster with Flink's adaptive scheduler: a change of job.parallelism alone then "
                    + "rescales the running job in place, without a savepoint upgrade (default: ${DEFAULT-VALUE}).")
    boolean embeddedAdaptive = DEFAULTS.embeddedAdaptive();

    @Option(names = "--savepoint-dir",
            description = "Default savepoint directory (a folder per app below it) for specs without state.savepoints.dir. "
                    + "Embedded default: WORK_DIR/savepoints.")
    String savepointDir = DEFAULTS.savepointDir();

    @Option(names = "--jar-dir", split = ",", description = "Folders where local:// jars are looked up by file name.")
    List<Path> jarDirs = new ArrayList<>(DEFAULTS.jarDirs());

    @Option(names = "--flink-timeout", converter = DurationConverter.class,
            description = "Time-out of each Flink REST call (default: ${DEFAULT-VALUE}).")
    Duration timeout = DEFAULTS.timeout();

    FlinkConfig toConfig() {
        return DEFAULTS.withClusters(clusters).withDefaultCluster(defaultCluster).withEmbedded(embeddedPort, embeddedSlots)
                .withEmbeddedAdaptive(embeddedAdaptive)
                .withSavepointDir(savepointDir).withJarDirs(jarDirs).withTimeout(timeout);
    }
}
