package dev.flinkgitops.appspec;

/** {@code spec.job.state}: whether the job should run. */
public enum DesiredState {
    RUNNING("running"),
    SUSPENDED("suspended");

    private final String yamlName;

    DesiredState(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static DesiredState fromYaml(String value) {
        for (DesiredState state : values()) {
            if (state.yamlName.equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown job state " + value);
    }
}
