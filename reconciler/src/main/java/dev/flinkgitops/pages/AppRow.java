package dev.flinkgitops.pages;

import dev.flinkgitops.status.AppStatus;

/**
 * One app on the fleet page.
 *
 * @param namespace the app's namespace
 * @param name the app's name
 * @param status its status file, {@link AppStatus#redacted() redacted}
 * @param flinkVersion {@code spec.flinkVersion} of the spec it runs, or null when unknown
 * @param commit the spec commit it runs, or null when the mirror does not have it
 * @param flinkUi the web UI of the Flink cluster its job runs on, or null when unknown
 */
public record AppRow(String namespace, String name, AppStatus status, String flinkVersion, Commit commit, String flinkUi) {

    /** {@code namespace/name}. */
    public String id() {
        return namespace + "/" + name;
    }

    /** The app page's path. */
    public String path() {
        return "/apps/" + namespace + "/" + name;
    }
}
