package dev.flinkgitops.appspec;

/** How a running job is replaced. Stateful modes never stop a job without a completed snapshot. */
public enum UpgradeMode {
    STATELESS("stateless"),
    SAVEPOINT("savepoint"),
    LAST_STATE("last-state");

    private final String yamlName;

    UpgradeMode(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public boolean stateful() {
        return this != STATELESS;
    }

    public static UpgradeMode fromYaml(String value) {
        for (UpgradeMode mode : values()) {
            if (mode.yamlName.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown upgradeMode " + value);
    }
}
