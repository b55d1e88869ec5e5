package dev.flinkgitops.compat;

import java.nio.file.Path;

/**
 * The matrix app's spec: a {@code FlinkSessionJob} on the session cluster {@code default} running
 * the compat counter job of one Flink version, with the fields each step changes.
 */
record CounterSpec(String name, Path jar, Path output, String tag, int parallelism, String upgradeMode, String state,
        Long savepointTriggerNonce, String initialSavepointPath) {

    static final String NAMESPACE = "compat";

    static CounterSpec first(String name, Path jar, Path output) {
        return new CounterSpec(name, jar, output, "v1", 1, "savepoint", "running", null, null);
    }

    String file() {
        return "apps/" + NAMESPACE + "/" + name + ".yaml";
    }

    CounterSpec withTag(String newTag) {
        return new CounterSpec(name, jar, output, newTag, parallelism, upgradeMode, state, savepointTriggerNonce, initialSavepointPath);
    }

    CounterSpec withParallelism(int p) {
        return new CounterSpec(name, jar, output, tag, p, upgradeMode, state, savepointTriggerNonce, initialSavepointPath);
    }

    CounterSpec withUpgradeMode(String mode) {
        return new CounterSpec(name, jar, output, tag, parallelism, mode, state, savepointTriggerNonce, initialSavepointPath);
    }

    CounterSpec withState(String s) {
        return new CounterSpec(name, jar, output, tag, parallelism, upgradeMode, s, savepointTriggerNonce, initialSavepointPath);
    }

    CounterSpec withSavepointTriggerNonce(long nonce) {
        return new CounterSpec(name, jar, output, tag, parallelism, upgradeMode, state, nonce, initialSavepointPath);
    }

    /** A new app of another name that starts from {@code savepoint}. */
    CounterSpec copy(String newName, String newTag, String savepoint) {
        return new CounterSpec(newName, jar, output, newTag, parallelism, "savepoint", "running", null, savepoint);
    }

    String yaml() {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkSessionJob
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  deploymentName: default
                  job:
                    jarURI: %s
                    entryClass: %s
                    args: ["--tag", "%s", "--keys", "4", "--rate", "20", "--output", "%s"]
                    parallelism: %d
                    upgradeMode: %s
                    state: %s
                """.formatted(name, NAMESPACE, jar.toUri(), FlinkBuild.JOB_CLASS, tag, output, parallelism, upgradeMode, state)
                + (savepointTriggerNonce == null ? "" : "    savepointTriggerNonce: " + savepointTriggerNonce + "\n")
                + (initialSavepointPath == null ? "" : "    initialSavepointPath: " + initialSavepointPath + "\n");
    }
}
