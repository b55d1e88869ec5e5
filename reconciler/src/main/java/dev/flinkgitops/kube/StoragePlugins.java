package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.Storage;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * The file-system plugins a cluster's storage needs, enabled the way the official Flink images do it: their
 * entrypoint links each jar {@code ENABLE_BUILT_IN_PLUGINS} names ({@code ;}-separated, the exact file name in
 * {@code /opt/flink/opt}) into {@code /opt/flink/plugins} and exits when one is missing. The jars are
 * {@link Storage#pluginJars}: one per object-store scheme of the savepoint, checkpoint and HA directories, named
 * with the image tag's Flink version, or the {@value Storage#PLUGINS_ANNOTATION} annotation's list. A value the
 * pod template sets for the variable is kept.
 */
final class StoragePlugins {

    static final String ENV = Storage.PLUGINS_ENV;

    private StoragePlugins() {}

    static void enable(PodTemplateSpec pod, AppSpec spec, SortedMap<String, String> configuration) {
        List<String> directories = new ArrayList<>();
        for (String key : List.of(FlinkConfigFile.SAVEPOINT_DIR, "execution.checkpointing.savepoint-dir", Storage.CHECKPOINT_DIR,
                Storage.CHECKPOINT_DIR_2, "high-availability.storageDir")) {
            directories.add(configuration.get(key));
        }
        List<String> jars = Storage.pluginJars(spec, directories);
        if (jars.isEmpty()) {
            return;
        }
        for (Container container : pod.getSpec().getContainers()) {
            if (FlinkPod.MAIN_CONTAINER.equals(container.getName())) {
                List<EnvVar> env = container.getEnv() == null ? new ArrayList<>() : new ArrayList<>(container.getEnv());
                if (env.stream().noneMatch(variable -> ENV.equals(variable.getName()))) {
                    env.add(new EnvVar(ENV, String.join(";", jars), null));
                    container.setEnv(env);
                }
            }
        }
    }
}
