package dev.flinkgitops.cli;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.SavepointRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The text form of {@code flink-gitops status}: a table of apps, and for one app its history. Pure. */
final class StatusText {

    private static final List<String> COLUMNS =
            List.of("APP", "PHASE", "JOB ID", "JOB STATE", "SPEC COMMIT", "LAST SAVEPOINT");
    private static final String NONE = "-";

    private StatusText() {}

    /** One row per app: app, phase, job id, job state, spec commit (10 characters), last savepoint. */
    static String table(Collection<AppStatus> apps) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(COLUMNS);
        for (AppStatus app : apps) {
            JobRecord job = app.job();
            rows.add(List.of(app.app(), app.phase() == null ? NONE : app.phase().name(),
                    job == null ? NONE : or(job.id()), job == null ? NONE : or(job.state()), shortCommit(app.specCommit()),
                    app.lastSavepoint() == null ? NONE : or(app.lastSavepoint().path())));
        }
        int[] widths = new int[COLUMNS.size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** The table row of one app, then its job, in-flight operation, last error and savepoint history. */
    static String detail(AppStatus app) {
        StringBuilder out = new StringBuilder(table(List.of(app))).append('\n');
        line(out, "spec file", app.specFile());
        line(out, "spec commit", app.specCommit());
        line(out, "stable commit", app.stableCommit());
        line(out, "message", app.message());
        line(out, "job", job(app.job()));
        line(out, "operation", operation(app.operation()));
        line(out, "last error", error(app.lastError()));
        out.append('\n');
        savepoints(out, "savepoints (newest first):", app.savepoints());
        out.append('\n');
        savepoints(out, "disposed savepoints (newest first):", app.disposed());
        return out.toString();
    }

    private static String job(JobRecord job) {
        if (job == null) {
            return null;
        }
        return or(job.id()) + " on " + or(job.cluster()) + ", " + or(job.state()) + ", generation " + job.generation()
                + ", started " + or(job.startedAt())
                + ", restored from " + (job.restoredFrom() == null ? "empty state" : job.restoredFrom());
    }

    private static String operation(OperationRecord op) {
        if (op == null) {
            return null;
        }
        return or(String.valueOf(op.type())) + " at step " + or(String.valueOf(op.step())) + ", target commit " + shortCommit(op.targetCommit())
                + ", mode " + or(op.mode() == null ? null : op.mode().yamlName()) + ", trigger " + or(op.triggerId()) + ", from job " + or(op.fromJobId())
                + ", savepoint " + or(op.savepoint()) + ", started " + or(op.startedAt());
    }

    private static String error(ErrorRecord error) {
        if (error == null) {
            return null;
        }
        return or(error.message()) + " (spec commit " + shortCommit(error.specCommit()) + ", attempt " + error.attempts()
                + ", at " + or(error.time()) + (error.retryAfter() == null ? ", not retried" : ", retry after "
                + error.retryAfter()) + ")";
    }

    private static void savepoints(StringBuilder out, String title, List<SavepointRecord> savepoints) {
        out.append(title).append('\n');
        if (savepoints.isEmpty()) {
            out.append("  (none)\n");
        }
        for (SavepointRecord s : savepoints) {
            out.append("  ").append(or(s.time())).append("  ").append(or(s.path())).append("  (").append(or(s.reason()))
                    .append(", job ").append(or(s.jobId())).append(", spec commit ").append(shortCommit(s.specCommit()))
                    .append(s.rollbackTo() == null ? "" : ", rolled back to " + shortCommit(s.rollbackTo())).append(")\n");
        }
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-14s %s", label + ":", value == null ? "none" : value)).append('\n');
    }

    static String shortCommit(String commit) {
        return commit == null ? NONE : commit.substring(0, Math.min(10, commit.length()));
    }

    private static String or(String value) {
        return value == null ? NONE : value;
    }
}
