package dev.flinkgitops.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Path-scoped ownership, like an Argo CD AppProject's destinations: each spec folder may only
 * target the namespaces mapped to it. A file is governed by the longest mapped folder that
 * contains it; with a mapping, a file in no mapped folder is refused. No mapping: any file may
 * target any namespace. A folder's entry may also name the session clusters its
 * {@code FlinkSessionJob}s may run on ({@code cluster:NAME}); an entry without any may use every
 * session cluster. Pure and immutable.
 *
 * @param namespacesByFolder folder (repository-relative, no trailing slash) to the namespaces its
 *     files may use; a namespace may be a glob with {@code *} ({@code payments-*}); entries
 *     {@code cluster:NAME} (a glob too) name session clusters
 */
public record Tenancy(Map<String, List<String>> namespacesByFolder) {

    private static final Pattern NAMESPACE_GLOB = Pattern.compile("[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?");
    private static final Pattern CLUSTER_GLOB = Pattern.compile("[a-z0-9*]([-.a-z0-9*]*[a-z0-9*])?");
    /** How an entry that names a session cluster begins. */
    static final String CLUSTER = "cluster:";

    public Tenancy {
        Map<String, List<String>> copy = new TreeMap<>();
        namespacesByFolder.forEach((folder, namespaces) -> {
            String key = folder(folder);
            if (namespaces.stream().allMatch(entry -> entry.startsWith(CLUSTER))) {
                throw new IllegalArgumentException("folder " + key + " has no namespace");
            }
            for (String namespace : namespaces) {
                if (namespace.startsWith(CLUSTER)) {
                    if (!CLUSTER_GLOB.matcher(namespace.substring(CLUSTER.length())).matches()) {
                        throw new IllegalArgumentException("'" + namespace + "' is not cluster:NAME (lower-case letters, digits, "
                                + "'-', '.', and '*' as a wildcard)");
                    }
                    continue;
                }
                if (!NAMESPACE_GLOB.matcher(namespace).matches()) {
                    throw new IllegalArgumentException("'" + namespace + "' is not a namespace (lower-case letters, digits, "
                            + "'-', and '*' as a wildcard)");
                }
            }
            copy.put(key, List.copyOf(namespaces));
        });
        namespacesByFolder = java.util.Collections.unmodifiableMap(copy);
    }

    public static Tenancy none() {
        return new Tenancy(Map.of());
    }

    /**
     * From settings text: each entry {@code FOLDER=NS[,NS...]} (the value of one {@code --tenant}
     * flag); several entries are separated by {@code ;}.
     */
    public static Tenancy parse(List<String> entries) {
        Map<String, List<String>> map = new TreeMap<>();
        for (String entry : entries) {
            for (String part : entry.split(";")) {
                int equals = part.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("'" + part + "' is not FOLDER=NAMESPACE[,NAMESPACE...]");
                }
                List<String> namespaces = List.of(part.substring(equals + 1).split(",")).stream()
                        .map(String::trim).filter(ns -> !ns.isEmpty()).toList();
                map.put(folder(part.substring(0, equals)), namespaces);
            }
        }
        return new Tenancy(map);
    }

    /** From a map of folder to comma-separated namespaces (picocli's value of {@code --tenant}). */
    public static Tenancy of(Map<String, String> namespacesByFolder) {
        return parse(namespacesByFolder.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    public boolean enabled() {
        return !namespacesByFolder.isEmpty();
    }

    /** Why {@code file} may not target {@code namespace}, or empty when it may. */
    public Optional<String> problem(String file, String namespace) {
        if (!enabled()) {
            return Optional.empty();
        }
        Optional<String> folder = folderOf(file);
        if (folder.isEmpty()) {
            return Optional.of("the folder of this file is not mapped to any namespace (tenants: "
                    + String.join(", ", namespacesByFolder.keySet()) + ")");
        }
        List<String> allowed = namespacesByFolder.get(folder.get()).stream().filter(entry -> !entry.startsWith(CLUSTER)).toList();
        if (allowed.stream().anyMatch(glob -> matches(glob, namespace))) {
            return Optional.empty();
        }
        return Optional.of("namespace '" + namespace + "' is not allowed for files in " + folder.get() + "/ (allowed: "
                + String.join(", ", allowed) + ")");
    }

    /**
     * Why {@code file} (a FlinkSessionJob) may not run on session cluster {@code cluster}, or empty when
     * it may: its folder's entry names session clusters and this is none of them. An unmapped folder
     * is reported by {@link #problem} already.
     */
    public Optional<String> clusterProblem(String file, String cluster) {
        Optional<String> folder = enabled() ? folderOf(file) : Optional.empty();
        if (folder.isEmpty() || cluster == null) {
            return Optional.empty();
        }
        List<String> allowed = namespacesByFolder.get(folder.get()).stream().filter(entry -> entry.startsWith(CLUSTER))
                .map(entry -> entry.substring(CLUSTER.length())).toList();
        if (allowed.isEmpty() || allowed.stream().anyMatch(glob -> matches(glob, cluster))) {
            return Optional.empty();
        }
        return Optional.of("session cluster '" + cluster + "' is not allowed for files in " + folder.get() + "/ (allowed: "
                + String.join(", ", allowed) + ")");
    }

    /** The longest mapped folder containing {@code file}. */
    Optional<String> folderOf(String file) {
        String path = file.replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        List<String> containing = new ArrayList<>();
        for (String folder : namespacesByFolder.keySet()) {
            if (path.startsWith(folder + "/")) {
                containing.add(folder);
            }
        }
        return containing.stream().max(java.util.Comparator.comparingInt(String::length));
    }

    private static boolean matches(String glob, String namespace) {
        return namespace.matches(Pattern.quote(glob).replace("*", "\\E.*\\Q"));
    }

    /** {@code ./apps/payments/**}, {@code apps/payments/} and {@code apps/payments} name the same folder. */
    private static String folder(String text) {
        String folder = text.trim().replace('\\', '/');
        while (folder.startsWith("./")) {
            folder = folder.substring(2);
        }
        folder = folder.replaceAll("(/\\*\\*)?/*$", "");
        if (folder.isEmpty() || folder.startsWith("/") || folder.contains("*") || List.of(folder.split("/")).contains("..")) {
            throw new IllegalArgumentException("'" + text + "' is not a folder of the repository (e.g. apps/payments)");
        }
        return folder;
    }
}
