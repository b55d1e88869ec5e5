package dev.flinkgitops.kube;

import dev.flinkgitops.port.RenderRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.Storage;
import dev.flinkgitops.appspec.UpgradeMode;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Flink configuration of an app and the files of its ConfigMap: {@code config.yaml}
 * (standard YAML, Flink 1.19+ and 2.x) and {@code flink-conf.yaml} (Flink 1.x), the same flat
 * sorted {@code key: value} lines, and the log configuration.
 */
final class FlinkConfigFile {

    static final String CONFIG_YAML = "config.yaml";
    static final String LEGACY_CONFIG_YAML = "flink-conf.yaml";
    static final String LOG4J_CONSOLE = "log4j-console.properties";
    static final String TASK_SLOTS = "taskmanager.numberOfTaskSlots";
    static final String SAVEPOINT_DIR = "state.savepoints.dir";
    /** As plan.LastState's: the daemon restores last-state apps from retained checkpoints. */
    static final String RETENTION_KEY = "execution.checkpointing.externalized-checkpoint-retention";

    private static final String OPERATOR_PREFIX = "kubernetes.operator.";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./$][A-Za-z0-9 _./:=,;+@$%()-]*");
    /** Plain scalars that YAML would read as something else than the same string. */
    private static final Pattern NOT_A_STRING = Pattern.compile(
            "y|n|yes|no|on|off|null|~|\\.inf|\\.nan|0[0-9xob].*|[-+]?[0-9.]+e[-+]?[0-9]+");

    static final String DEFAULT_LOG4J = String.join("\n",
            "# Written by flink-gitops; spec.logConfiguration.\"log4j-console.properties\" replaces it.",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.console.ref = ConsoleAppender",
            "appender.console.name = ConsoleAppender",
            "appender.console.type = CONSOLE",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "logger.netty.name = org.apache.flink.shaded.netty4.io.netty.channel.DefaultChannelPipeline",
            "logger.netty.level = OFF",
            "");

    private FlinkConfigFile() {}

    /** The spec's configuration without operator keys, with the standalone defaults it lacks. */
    static SortedMap<String, String> effective(RenderRequest request) {
        AppSpec spec = request.spec();
        SortedMap<String, String> config = new TreeMap<>();
        spec.flinkConfiguration().forEach((key, value) -> {
            if (!key.startsWith(OPERATOR_PREFIX)) {
                config.put(key, value);
            }
        });
        FlinkPorts ports = FlinkPorts.DEFAULTS;
        config.putIfAbsent("jobmanager.rpc.address", KubeLabels.restServiceName(spec.id()));
        config.putIfAbsent(FlinkPorts.JOBMANAGER_RPC_PORT, Integer.toString(ports.jobManagerRpc()));
        config.putIfAbsent(FlinkPorts.BLOB_PORT, Integer.toString(ports.blob()));
        config.putIfAbsent(FlinkPorts.REST_PORT, Integer.toString(ports.rest()));
        config.putIfAbsent(FlinkPorts.TASKMANAGER_RPC_PORT, Integer.toString(ports.taskManagerRpc()));
        config.putIfAbsent(TASK_SLOTS, "1");
        if (spec.hasJob()) {
            if (spec.job().parallelism() != null) {
                config.putIfAbsent("parallelism.default", spec.job().parallelism().toString());
            }
            config.putIfAbsent("execution.shutdown-on-application-finish", "false");
        }
        if (spec.savepointDirectory() == null && request.savepointDirectory() != null) {
            config.put(SAVEPOINT_DIR, request.savepointDirectory());
        }
        putStorage(config, request);
        HaConfig.put(config, request); // high availability: on by default for stateful jobs, the cluster ids
        JsonNode specNode = spec.resource().path("spec");
        putMemory(config, "jobmanager", specNode.path("jobManager"), "1600m", List.of("heap.size"));
        putMemory(config, "taskmanager", specNode.path("taskManager"), "1728m", List.of("task.heap.size"));
        return config;
    }

    /**
     * Storage (r14-storage): a checkpoint directory ({@link Storage#checkpointDirectory}) so checkpoints leave
     * the JobManager's memory, and for {@code last-state} checkpoints retained on cancellation (the session
     * target sends the same key with the run request; here the JobManager starts the job from this file).
     */
    private static void putStorage(SortedMap<String, String> config, RenderRequest request) {
        AppSpec spec = request.spec();
        String checkpoints = Storage.checkpointDirectory(spec, request.savepointDirectory());
        if (checkpoints != null && Storage.specCheckpointDirectory(spec) == null) {
            config.put(Storage.CHECKPOINT_DIR, checkpoints);
        }
        if (spec.hasJob() && spec.job().upgradeMode() == UpgradeMode.LAST_STATE) {
            config.put(RETENTION_KEY, "RETAIN_ON_CANCELLATION");
        }
    }

    /**
     * {@code <process>.memory.process.size} from {@code resource.memory} (or Flink's
     * distribution default) unless the configuration already sizes the process.
     */
    private static void putMemory(SortedMap<String, String> config, String process, JsonNode settings,
            String fallback, List<String> otherSizes) {
        String prefix = process + ".memory.";
        if (config.containsKey(prefix + "process.size") || config.containsKey(prefix + "flink.size")
                || otherSizes.stream().anyMatch(size -> config.containsKey(prefix + size))) {
            return;
        }
        JsonNode memory = settings.path("resource").path("memory");
        if (settings.path("resources").isObject()) {
            // The operator's precedence: resources (requests.memory; limits.memory when it requests none, as
            // Kubernetes then requests the limit) over resource. These are Kubernetes quantities (2G is 10^9).
            JsonNode resources = settings.get("resources");
            JsonNode quantity = resources.path("requests").has("memory") ? resources.path("requests").path("memory")
                    : resources.path("limits").path("memory");
            if (quantity.isTextual() || quantity.isNumber()) {
                long bytes = io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                        new io.fabric8.kubernetes.api.model.Quantity(quantity.asText())).longValue();
                config.put(prefix + "process.size", new FlinkMemory(bytes).flinkValue());
                return;
            }
            memory = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        config.put(prefix + "process.size", memory.isTextual() ? FlinkMemory.parse(memory.asText()).flinkValue() : fallback);
    }

    /**
     * Kubernetes HA in any spelling Flink accepts: {@code high-availability.type} (1.17+) or the older
     * {@code high-availability}, set to {@code kubernetes} (any case) or the factory's class name.
     */
    static boolean kubernetesHa(SortedMap<String, String> config) {
        String type = config.getOrDefault("high-availability.type", config.get("high-availability"));
        return type != null && (type.trim().equalsIgnoreCase("kubernetes")
                || type.trim().equals("org.apache.flink.kubernetes.highavailability.KubernetesHaServicesFactory"));
    }

    /** The ConfigMap's data: both configuration files and the log configuration files. */
    static SortedMap<String, String> data(AppSpec spec, SortedMap<String, String> configuration) {
        SortedMap<String, String> data = new TreeMap<>();
        data.put(LOG4J_CONSOLE, DEFAULT_LOG4J);
        spec.resource().path("spec").path("logConfiguration").fields()
                .forEachRemaining(file -> data.put(file.getKey(), file.getValue().asText()));
        data.put(CONFIG_YAML, standardYaml(configuration));
        data.put(LEGACY_CONFIG_YAML, legacyYaml(configuration));
        return data;
    }

    static String standardYaml(SortedMap<String, String> configuration) {
        StringBuilder text = new StringBuilder();
        configuration.forEach((key, value) -> text.append(scalar(key)).append(": ").append(scalar(value)).append('\n'));
        return text.toString();
    }

    /** Flink 1.x reads {@code key: value} lines as they are: no quoting. */
    static String legacyYaml(SortedMap<String, String> configuration) {
        StringBuilder text = new StringBuilder();
        configuration.forEach((key, value) -> text.append(key).append(": ").append(value).append('\n'));
        return text.toString();
    }

    /** A YAML scalar that reads back as the same string: plain when safe, else single-quoted. */
    static String scalar(String value) {
        boolean plain = PLAIN.matcher(value).matches() && !value.contains(": ") && !value.contains(" #")
                && !value.endsWith(":") && !value.endsWith(" ")
                && !NOT_A_STRING.matcher(value.toLowerCase(Locale.ROOT)).matches();
        return plain ? value : "'" + value.replace("'", "''") + "'";
    }
}
