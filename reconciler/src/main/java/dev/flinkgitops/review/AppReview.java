package dev.flinkgitops.review;

import java.util.List;

/**
 * One app in the pull-request plan.
 *
 * @param app the identity, {@code namespace/name}
 * @param file the spec file at head (at base for a removal)
 * @param change ADDED, CHANGED or REMOVED
 * @param consequence the largest consequence of the changed fields (IGNORE, SCALE, UPGRADE, REDEPLOY), or
 *     null for an added, removed or invalid app
 * @param action what the daemon will do: {@code deploy}, {@code savepoint upgrade}, {@code last-state upgrade},
 *     {@code stateless restart}, {@code suspend}, {@code resume}, {@code savepoint}, {@code delete with final savepoint},
 *     {@code delete}, {@code record only}, {@code nothing}, or {@code blocked}
 * @param detail one sentence: the planner's own words for the first step
 * @param restoreFrom what the new job restores from: a savepoint path, "a new savepoint", "the latest checkpoint",
 *     "empty state", or null when no job starts
 * @param fields the changed fields, normalised (defaults applied, key order ignored), secrets redacted
 * @param warnings things a reviewer should look at
 * @param errors the head spec's validation errors ({@code file:line:column: /pointer: message}); non-empty means blocked
 * @param state whether the new job can restore the state it starts from (the state-compatibility check), or null
 *     when no job starts from state
 */
public record AppReview(
        String app,
        String file,
        String change,
        String consequence,
        String action,
        String detail,
        String restoreFrom,
        List<FieldDiff> fields,
        List<String> warnings,
        List<String> errors,
        dev.flinkgitops.port.RestoreCompatibility state) {

    public AppReview {
        fields = List.copyOf(fields);
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    /** Without a state-compatibility result. */
    public AppReview(String app, String file, String change, String consequence, String action, String detail,
            String restoreFrom, List<FieldDiff> fields, List<String> warnings, List<String> errors) {
        this(app, file, change, consequence, action, detail, restoreFrom, fields, warnings, errors, null);
    }

    /** This review with the state-compatibility result; a restore that would fail makes the action {@code blocked}. */
    public AppReview withState(dev.flinkgitops.port.RestoreCompatibility result) {
        return new AppReview(app, file, change, consequence, result != null && result.restoreFails() ? "blocked" : action,
                detail, restoreFrom, fields, warnings, errors, result);
    }

    /**
     * One changed field.
     *
     * @param path dotted path ({@code spec.job.args}, {@code spec.flinkConfiguration.<key>})
     * @param before the value at base, as YAML-ish text, or null when absent
     * @param after the value at head, or null when removed
     * @param consequence IGNORE, SCALE, UPGRADE or REDEPLOY
     */
    public record FieldDiff(String path, String before, String after, String consequence) {}
}
