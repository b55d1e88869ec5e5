package dev.flinkgitops.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * On the Kubernetes target, a cluster's savepoint and checkpoint directories must be storage every pod
 * shares: an object store or distributed file system ({@link Storage#sharedScheme}), or a {@code file:} path
 * under a mount of a {@code persistentVolumeClaim} volume in both the JobManager's and the TaskManagers' pod
 * templates. A claim's access modes are not in the spec, so such a mount is a warning ("must be
 * ReadWriteMany"), never a silent pass. An object-store scheme needs the image's built-in plugin enabled,
 * which the renderer does from the image tag's full Flink version unless the spec names the jars (the annotation, or
 * the variable on Flink's container in the pod templates).
 */
final class StorageCheck {

    private StorageCheck() {}

    /** A directory the cluster writes to, where it is written and what it is called in messages. */
    private record Directory(String pointer, String what, String value) {}

    static void check(Findings findings, AppSpec spec, ValidationSettings settings, UnaryOperator<String> pointerOf) {
        List<Directory> directories = new ArrayList<>();
        if (spec.savepointDirectory() != null) {
            String key = spec.flinkConfiguration().containsKey("state.savepoints.dir") ? "state.savepoints.dir"
                    : "execution.checkpointing.savepoint-dir";
            directories.add(new Directory(pointerOf.apply(key), key, spec.savepointDirectory()));
        } else if (settings.defaultSavepointDir() != null) {
            directories.add(new Directory("/spec", "the daemon's --savepoint-dir", settings.defaultSavepointDir().replaceAll("/+$", "")
                    + "/" + spec.id().namespace() + "/" + spec.id().name()));
        }
        String checkpoints = Storage.specCheckpointDirectory(spec);
        if (checkpoints != null) {
            String key = spec.flinkConfiguration().containsKey(Storage.CHECKPOINT_DIR) ? Storage.CHECKPOINT_DIR : Storage.CHECKPOINT_DIR_2;
            directories.add(new Directory(pointerOf.apply(key), key, checkpoints));
        }
        directories.forEach(directory -> checkDirectory(findings, directory.pointer(), directory.what(), directory.value(), spec));
    }

    private static void checkDirectory(Findings findings, String pointer, String what, String directory, AppSpec spec) {
        String scheme = Storage.scheme(directory);
        if (scheme == null) {
            findings.error(pointer, what + " '" + directory + "' is not a valid URI");
        } else if (Storage.sharedScheme(scheme)) {
            checkPlugin(findings, pointer, what, scheme, spec);
        } else if (scheme.equals("file")) {
            checkVolume(findings, pointer, what, directory, spec.resource().path("spec"));
        } else {
            findings.warning(pointer, what + " '" + directory + "': '" + scheme + "' is not a scheme flink-gitops knows as shared"
                    + " storage (s3, s3a, s3p, gs, abfs, abfss, wasb, wasbs, oss, hdfs, viewfs); the image must carry its file system");
        }
    }

    /** A {@code file:} directory: under a PVC mount in every Flink pod, or each pod writes its own disk. */
    private static void checkVolume(Findings findings, String pointer, String what, String directory, JsonNode specNode) {
        String path = Storage.localPath(directory);
        List<String> claims = new ArrayList<>();
        for (String role : List.of("jobManager", "taskManager")) {
            Optional<String> claim = claimMountedAt(specNode, role, path);
            if (claim.isEmpty()) {
                findings.error(pointer, what + " '" + directory + "' is a local path: on Kubernetes each pod writes its own file"
                        + " system. Use an object store (s3://, gs://, abfss://, ...) or mount a ReadWriteMany persistentVolumeClaim"
                        + " at a prefix of " + path + " in the " + role + "'s pod template (spec.podTemplate or spec." + role + ".podTemplate)");
                return;
            }
            claims.add(claim.get());
        }
        findings.warning(pointer, what + " '" + directory + "' is on persistentVolumeClaim " + String.join(" and ",
                new java.util.TreeSet<>(claims)) + ": it must be ReadWriteMany (shared by every pod); flink-gitops cannot tell from the spec");
    }

    /** The claim of a PVC volume mounted at a prefix of {@code path} in the role's main container, over both templates. */
    static Optional<String> claimMountedAt(JsonNode specNode, String role, String path) {
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        Map<String, String> mounts = new LinkedHashMap<>(); // mountPath -> volume name
        for (JsonNode template : List.of(specNode.path("podTemplate"), specNode.path(role).path("podTemplate"))) {
            template.path("spec").path("volumes").forEach(volume -> volumes.put(volume.path("name").asText(), volume));
            for (JsonNode container : template.path("spec").path("containers")) {
                if ("flink-main-container".equals(container.path("name").asText())) {
                    container.path("volumeMounts").forEach(mount -> mounts.put(mount.path("mountPath").asText(), mount.path("name").asText()));
                }
            }
        }
        for (Map.Entry<String, String> mount : mounts.entrySet()) {
            String at = mount.getKey().replaceAll("/+$", "");
            JsonNode claim = volumes.getOrDefault(mount.getValue(), com.fasterxml.jackson.databind.node.MissingNode.getInstance())
                    .path("persistentVolumeClaim").path("claimName");
            if (!at.isEmpty() && (path.equals(at) || path.startsWith(at + "/")) && claim.isTextual()) {
                return Optional.of(claim.asText());
            }
        }
        return Optional.empty();
    }

    /**
     * True when the pod templates set {@value Storage#PLUGINS_ENV} on Flink's container for both the JobManager and
     * the TaskManagers (the renderer keeps that value): the spec chose the plugins itself.
     */
    private static boolean pluginsSetByTemplates(JsonNode specNode) {
        for (String role : List.of("jobManager", "taskManager")) {
            boolean set = false;
            for (JsonNode template : List.of(specNode.path("podTemplate"), specNode.path(role).path("podTemplate"))) {
                for (JsonNode container : template.path("spec").path("containers")) {
                    if ("flink-main-container".equals(container.path("name").asText())) {
                        for (JsonNode variable : container.path("env")) {
                            set |= Storage.PLUGINS_ENV.equals(variable.path("name").asText());
                        }
                    }
                }
            }
            if (!set) {
                return false;
            }
        }
        return true;
    }

    /**
     * The built-in plugin for the scheme: the renderer names its jar from the image tag's full Flink version
     * ({@code flink:2.2.1-java17}) unless the {@value Storage#PLUGINS_ANNOTATION} annotation names the jars or says
     * {@code none}. Without either flink-gitops cannot tell whether the image carries the plugin (a custom image often
     * does): a warning, once per plugin.
     */
    private static void checkPlugin(Findings findings, String pointer, String what, String scheme, AppSpec spec) {
        Optional<String> plugin = Storage.plugin(scheme);
        String image = spec.resource().path("spec").path("image").asText("");
        if (plugin.isEmpty() || Storage.declaredPlugins(spec) != null || Storage.imageVersion(image).isPresent()
                || pluginsSetByTemplates(spec.resource().path("spec")) || findings.list().stream().anyMatch(finding -> finding.message().contains("Flink's " + plugin.get() + " plugin"))) {
            return;
        }
        findings.warning(pointer, what + " uses " + scheme + "://, which needs Flink's " + plugin.get() + " plugin, and the image tag '"
                + image + "' has no full Flink version to name its jar, so it is not enabled: use a tag such as flink:2.2.1-java17,"
                + " or set the annotation " + Storage.PLUGINS_ANNOTATION + " to the jars in /opt/flink/opt (e.g. " + plugin.get()
                + "-2.2.1.jar), or to 'none' when the image carries the plugin");
    }
}
