package dev.flinkgitops.rollback;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.status.StatusCodec;
import org.eclipse.jgit.lib.ObjectId;

import java.util.List;

/**
 * What a rollback goes back to: the spec commit (given, or by default the version before the one that
 * runs) and the savepoint to start from (given, or the one recorded on the status branch for that
 * version: the newest savepoint taken from a job of that commit, which for an upgraded version is the
 * savepoint its stop took). Restore points an earlier redeploy chose ({@link SavepointRecord#CHOSEN}) were not taken
 * from that version's job and are skipped.
 *
 * @param status the app's current status file
 * @param statusRef the ref of the status branch that was read
 * @param commit the spec commit to go back to (full id)
 * @param savepoint the savepoint path to redeploy from
 * @param record the status branch's record of that savepoint, or null for a {@code --savepoint} it does not know
 */
record RollbackTarget(AppStatus status, String statusRef, String commit, String savepoint, SavepointRecord record) {

    /** Chooses the target; see the class comment. Throws {@link RollbackException} naming what is missing. */
    static RollbackTarget choose(GitRepository repo, AppId app, String statusBranch, String to, String savepoint) {
        String statusRef = List.of("refs/heads/" + statusBranch, "refs/remotes/origin/" + statusBranch).stream()
                .filter(ref -> repo.resolve(ref).isPresent()).findFirst().orElseThrow(() -> new RollbackException(
                        "no status branch '" + statusBranch + "' (neither refs/heads/" + statusBranch + " nor refs/remotes/origin/"
                                + statusBranch + "): fetch it with: git fetch origin " + statusBranch));
        ObjectId statusTip = repo.resolve(statusRef).orElseThrow();
        String file = app.statusPath();
        AppStatus status = repo.file(statusTip, file).map(blob -> new StatusCodec().read(repo.read(blob)))
                .orElseThrow(() -> new RollbackException("no app " + app + " on " + statusRef + " (no file " + file + ")"));
        SavepointLineage lineage = new SavepointLineage(repo, statusTip, file, status);
        String commit = to != null ? resolve(repo, to) : null;
        SavepointRecord record = null;
        if (savepoint != null) {
            record = lineage.newest(point -> savepoint.equals(point.path()), savepoint).orElse(null);
            if (commit == null && record != null && record.specCommit() != null) {
                commit = record.specCommit();
            }
        }
        if (commit == null) {
            commit = previousVersion(lineage, status, app, statusRef);
        }
        if (savepoint != null) {
            return new RollbackTarget(status, statusRef, commit, savepoint, record);
        }
        String version = commit;
        record = lineage.newest(point -> version.equals(point.specCommit()) && !SavepointRecord.CHOSEN.equals(point.reason()),
                version).orElseThrow(() -> new RollbackException(
                "no savepoint of " + app + " is recorded for spec commit " + shortId(version) + " on " + statusRef
                        + " (searched its status file's history)" + disposedNote(status, version)
                        + ": nothing to restore that version's state from; give one with --savepoint PATH"));
        return new RollbackTarget(status, statusRef, commit, record.path(), record);
    }

    /** The spec commit of the newest savepoint taken from a job of another spec commit than the running one. */
    private static String previousVersion(SavepointLineage lineage, AppStatus status, AppId app, String statusRef) {
        String running = status.specCommit();
        return lineage.newest(point -> point.specCommit() != null && !point.specCommit().equals(running)
                        && !SavepointRecord.CHOSEN.equals(point.reason()))
                .map(SavepointRecord::specCommit)
                .orElseThrow(() -> new RollbackException("no earlier version of " + app + " is recorded on " + statusRef
                        + " (no savepoint of a spec commit other than the running " + shortId(running) + "): name one with --to"));
    }

    private static String resolve(GitRepository repo, String to) {
        return repo.resolve(to + "^{commit}").map(ObjectId::name).orElseThrow(() -> new RollbackException(
                "unknown commit '" + to + "' in this repository (is it fetched?): --to names a spec commit"));
    }

    private static String disposedNote(AppStatus status, String commit) {
        return status.disposed().stream().filter(point -> commit.equals(point.specCommit())).findFirst()
                .map(point -> "; its savepoint " + point.path() + " was disposed by retention at " + point.time())
                .orElse("");
    }

    static String shortId(String commit) {
        return commit == null ? "(none)" : commit.substring(0, Math.min(10, commit.length()));
    }
}
