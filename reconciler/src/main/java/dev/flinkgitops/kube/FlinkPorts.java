package dev.flinkgitops.kube;

import java.util.Map;

/**
 * The ports of the rendered Flink processes: the standalone Kubernetes defaults, or what the
 * effective configuration sets (a port range, allowed for some of them, keeps the default).
 */
record FlinkPorts(int rest, int jobManagerRpc, int blob, int taskManagerRpc) {

    static final String REST_PORT = "rest.port";
    static final String JOBMANAGER_RPC_PORT = "jobmanager.rpc.port";
    static final String BLOB_PORT = "blob.server.port";
    static final String TASKMANAGER_RPC_PORT = "taskmanager.rpc.port";

    static final FlinkPorts DEFAULTS = new FlinkPorts(8081, 6123, 6124, 6122);

    static FlinkPorts of(Map<String, String> configuration) {
        return new FlinkPorts(
                port(configuration, REST_PORT, DEFAULTS.rest),
                port(configuration, JOBMANAGER_RPC_PORT, DEFAULTS.jobManagerRpc),
                port(configuration, BLOB_PORT, DEFAULTS.blob),
                port(configuration, TASKMANAGER_RPC_PORT, DEFAULTS.taskManagerRpc));
    }

    private static int port(Map<String, String> configuration, String key, int fallback) {
        String value = configuration.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            return port > 0 && port < 65536 ? port : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
