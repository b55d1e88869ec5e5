package dev.flinkgitops.appspec;

/** The identity of an application: its Kubernetes-style namespace and name. */
public record AppId(String namespace, String name) implements Comparable<AppId> {

    public static final String DEFAULT_NAMESPACE = "default";

    /** {@code <namespace>/<name>}: how the app is named in logs, plans and the status branch. */
    @Override
    public String toString() {
        return namespace + "/" + name;
    }

    /** The status branch file of this app. */
    public String statusPath() {
        return namespace + "/" + name + ".yaml";
    }

    @Override
    public int compareTo(AppId other) {
        return toString().compareTo(other.toString());
    }
}
