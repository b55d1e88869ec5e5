package dev.flinkgitops.appspec;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an app's savepoints and checkpoints live, and what a Flink cluster needs to reach them:
 * which schemes are shared storage (every pod sees the same files), which built-in file-system
 * plugin of the official Flink image serves a scheme, and the checkpoint directory of an app.
 * Shared by validation (is it shared?) and the Kubernetes renderer (what to write).
 */
public final class Storage {

    public static final String CHECKPOINT_DIR = "state.checkpoints.dir";
    public static final String CHECKPOINT_DIR_2 = "execution.checkpointing.dir";
    /** The annotation that names the plugin jars to enable, or {@code none} when the image carries what it needs. */
    public static final String PLUGINS_ANNOTATION = "flink-gitops.dev/built-in-plugins";
    /** The official images' variable naming the built-in plugin jars their entrypoint enables. */
    public static final String PLUGINS_ENV = "ENABLE_BUILT_IN_PLUGINS";

    /** Object stores and distributed file systems: one namespace of files for every pod. */
    private static final Map<String, String> SHARED = Map.ofEntries(
            Map.entry("s3", "flink-s3-fs-hadoop"), Map.entry("s3a", "flink-s3-fs-hadoop"),
            Map.entry("s3p", "flink-s3-fs-presto"), Map.entry("gs", "flink-gs-fs-hadoop"),
            Map.entry("abfs", "flink-azure-fs-hadoop"), Map.entry("abfss", "flink-azure-fs-hadoop"),
            Map.entry("wasb", "flink-azure-fs-hadoop"), Map.entry("wasbs", "flink-azure-fs-hadoop"),
            Map.entry("oss", "flink-oss-fs-hadoop"),
            // Hadoop file systems: no built-in plugin; the image must carry Hadoop.
            Map.entry("hdfs", ""), Map.entry("viewfs", ""));
    /** A full Flink version at the start of an image tag: {@code flink:1.20.1-java17}, {@code flink:2.3.0}. */
    private static final Pattern TAG_VERSION = Pattern.compile(":(\\d+\\.\\d+\\.\\d+)(?:[-_].*)?$");

    private Storage() {}

    /** The URI scheme in lower case; {@code file} for a path without one (Flink reads it as local); null when unparsable. */
    public static String scheme(String directory) {
        try {
            String scheme = new URI(directory.trim()).getScheme();
            return scheme == null ? "file" : scheme.toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** True for an object store or distributed file system scheme (not {@code file}). */
    public static boolean sharedScheme(String scheme) {
        return scheme != null && SHARED.containsKey(scheme);
    }

    /** The built-in plugin (jar name without version) of the official image for this scheme, if there is one. */
    public static Optional<String> plugin(String scheme) {
        String plugin = scheme == null ? null : SHARED.get(scheme);
        return plugin == null || plugin.isEmpty() ? Optional.empty() : Optional.of(plugin);
    }

    /** The local path of a {@code file:} directory ({@code file:///data/sp} and {@code /data/sp} give {@code /data/sp}). */
    public static String localPath(String directory) {
        try {
            String path = new URI(directory.trim()).getPath();
            return path == null ? directory : path;
        } catch (URISyntaxException e) {
            return directory;
        }
    }

    /** The full Flink version an image tag names ({@code flink:2.2.1-java17} gives 2.2.1), if it names one. */
    public static Optional<String> imageVersion(String image) {
        if (image == null || image.contains("@")) {
            return Optional.empty();
        }
        Matcher matcher = TAG_VERSION.matcher(image.substring(image.lastIndexOf('/') + 1));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The {@value #PLUGINS_ANNOTATION} annotation as written, or null. */
    public static String declaredPlugins(AppSpec spec) {
        JsonNode value = spec.resource().path("metadata").path("annotations").path(PLUGINS_ANNOTATION);
        return value.isTextual() ? value.asText().trim() : null;
    }

    /**
     * The jars {@code ENABLE_BUILT_IN_PLUGINS} names for these directories, in order, without repeats: the
     * annotation's list as written ({@code ;} or {@code ,} separated; {@code none}: nothing), else one
     * {@code <plugin>-<version>.jar} per object-store scheme with the image tag's full Flink version; empty
     * when the tag has none (validation reports that as an error).
     */
    public static List<String> pluginJars(AppSpec spec, Collection<String> directories) {
        String declared = declaredPlugins(spec);
        if (declared != null) {
            return declared.equalsIgnoreCase("none") ? List.of()
                    : Arrays.stream(declared.split("[;,]")).map(String::trim).filter(jar -> !jar.isEmpty()).distinct().toList();
        }
        Optional<String> version = imageVersion(spec.resource().path("spec").path("image").asText(null));
        if (version.isEmpty()) {
            return List.of();
        }
        Set<String> jars = new LinkedHashSet<>();
        directories.stream().filter(java.util.Objects::nonNull)
                .forEach(directory -> plugin(scheme(directory)).ifPresent(plugin -> jars.add(plugin + "-" + version.get() + ".jar")));
        return List.copyOf(jars);
    }

    /** The checkpoint directory the spec sets ({@code state.checkpoints.dir} or its Flink 2 name), or null. */
    public static String specCheckpointDirectory(AppSpec spec) {
        String dir = spec.flinkConfiguration().get(CHECKPOINT_DIR);
        return dir != null ? dir : spec.flinkConfiguration().get(CHECKPOINT_DIR_2);
    }

    /**
     * The app's checkpoint directory: the spec's; else {@code checkpoints} under the app's savepoint
     * directory — under the daemon's per-app one ({@code <--savepoint-dir>/<ns>/<name>/checkpoints}) as it is,
     * under a spec's own savepoint directory (which several apps may share) as {@code checkpoints/<ns>/<name>};
     * null without either.
     */
    public static String checkpointDirectory(AppSpec spec, String daemonSavepointDirectory) {
        String own = specCheckpointDirectory(spec);
        if (own != null) {
            return own;
        }
        if (spec.savepointDirectory() != null) {
            return trim(spec.savepointDirectory()) + "/checkpoints/" + spec.id().namespace() + "/" + spec.id().name();
        }
        return daemonSavepointDirectory == null ? null : trim(daemonSavepointDirectory) + "/checkpoints";
    }

    private static String trim(String directory) {
        return directory.trim().replaceAll("/+$", "");
    }
}
