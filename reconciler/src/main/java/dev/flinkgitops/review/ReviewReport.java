package dev.flinkgitops.review;

import java.util.List;

/**
 * What merging a change will do, app by app: the pull-request plan. Built with the daemon's own
 * validator, change table and planner, so what a reviewer reads is what will happen.
 *
 * @param base the base commit (what runs now)
 * @param head the head commit (what will run)
 * @param apps every app added, changed or removed (unchanged ones are left out), sorted by identity
 * @param warnings warnings about the change as a whole (the mass-deletion guard)
 * @param statusSource where recorded status came from: the status branch ref, or null when none was found
 */
public record ReviewReport(String base, String head, List<AppReview> apps, List<String> warnings, String statusSource) {

    public ReviewReport {
        apps = List.copyOf(apps);
        warnings = List.copyOf(warnings);
    }

    /** Some spec of the head is invalid: exit code 1. */
    public boolean invalid() {
        return apps.stream().anyMatch(app -> !app.errors().isEmpty());
    }

    /** Some app changes: exit code 2 (0 when nothing changes). */
    public boolean changed() {
        return !apps.isEmpty();
    }
}
