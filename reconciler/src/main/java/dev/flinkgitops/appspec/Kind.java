package dev.flinkgitops.appspec;

/** The Flink Kubernetes Operator resource kinds flink-gitops reads. */
public enum Kind {
    FLINK_DEPLOYMENT("FlinkDeployment"),
    FLINK_SESSION_JOB("FlinkSessionJob"),
    /** A savepoint or checkpoint of a FlinkDeployment's or FlinkSessionJob's job (operator 1.10+). */
    FLINK_STATE_SNAPSHOT("FlinkStateSnapshot");

    private final String yamlName;

    Kind(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Kind fromYaml(String value) {
        for (Kind kind : values()) {
            if (kind.yamlName.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown kind " + value);
    }
}
