package dev.flinkgitops.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.git.LocalCommit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code flink-gitops rollback}: a commit that puts an app's spec back as it was at an earlier spec commit
 * and redeploys it from the savepoint recorded for that version ({@code job.initialSavepointPath} with a new
 * {@code job.savepointRedeployNonce}, the operator's manual recovery). Only the app's document of its spec
 * file changes, edited as text (see {@link SpecEdit}); the commit goes on a new branch (for review) unless
 * the current branch is asked for.
 */
public final class Rollback {

    /**
     * @param to the spec commit to go back to, or null for the version before the running one
     * @param savepoint the savepoint to redeploy from, or null for the one recorded for that version
     * @param branch the new branch's name, or null for {@code rollback/<namespace>-<name>-<commit>}
     */
    public record Request(AppId app, String to, String savepoint, String branch, boolean onCurrentBranch, String statusBranch,
            Instant now) {}

    /**
     * What was written.
     *
     * @param savepointTime when the savepoint was taken, or null when the status branch does not know it
     * @param branch the branch the commit is on
     */
    public record Result(String app, String specFile, String targetCommit, String savepoint, String savepointTime, long nonce,
            String branch, String commit, String statusRef, String message) {}

    private Rollback() {}

    public static Result write(GitRepository repo, Request request) {
        RollbackTarget target = RollbackTarget.choose(repo, request.app(), request.statusBranch(), request.to(), request.savepoint());
        String file = target.status().specFile();
        if (file == null) {
            throw new RollbackException("the status of " + request.app() + " names no spec file");
        }
        ObjectId head = repo.resolve("HEAD").orElseThrow(() -> new RollbackException("the repository has no HEAD commit"));
        String old = oldText(repo, ObjectId.fromString(target.commit()), file, request.app());
        SpecEdit.Document oldDocument = SpecEdit.find(old, request.app()).orElseThrow();
        Optional<String> current = text(repo, head, file);
        Optional<SpecEdit.Document> currentDocument = current.flatMap(text -> SpecEdit.find(text, request.app()));
        long nonce = Math.max(Math.max(nonce(oldDocument), currentDocument.map(Rollback::nonce).orElse(0L)),
                target.status().redeployNonce() == null ? 0L : target.status().redeployNonce()) + 1;
        // Each field is added as the first line under job: when absent; the nonce first, so the path reads above it.
        String edited = SpecEdit.setJobField(old, oldDocument, "savepointRedeployNonce", nonce);
        edited = SpecEdit.setJobField(edited, SpecEdit.find(edited, request.app()).orElseThrow(), "initialSavepointPath",
                target.savepoint());
        String content = replaceDocument(current.orElse(null), currentDocument.orElse(null), edited, request.app());
        check(content, request.app(), target.savepoint(), nonce, file);
        String time = target.record() == null ? null : target.record().time();
        String branch = request.onCurrentBranch() ? null : request.branch() != null ? request.branch()
                : "rollback/" + request.app().namespace() + "-" + request.app().name() + "-" + RollbackTarget.shortId(target.commit());
        String message = message(request, file, target, time, nonce);
        PersonIdent who = new PersonIdent("flink-gitops rollback", "flink-gitops@localhost", request.now(), java.time.ZoneOffset.UTC);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            ObjectId commit = request.onCurrentBranch() ? LocalCommit.onCurrentBranch(repo, file, bytes, message, who)
                    : LocalCommit.onNewBranch(repo, head, branch, file, bytes, message, who);
            return new Result(request.app().toString(), file, target.commit(), target.savepoint(), time, nonce,
                    branch != null ? branch : LocalCommit.currentBranch(repo), commit.name(), target.statusRef(), message);
        } catch (dev.flinkgitops.git.GitException e) {
            throw new RollbackException(e.getMessage());
        }
    }

    /**
     * The file that held the app's document at {@code commit}: {@code file} (where the app is now), else the first
     * spec file of that commit that names the app (it was moved since).
     */
    private static String oldText(GitRepository repo, ObjectId commit, String file, AppId app) {
        Optional<String> same = text(repo, commit, file).filter(text -> SpecEdit.find(text, app).isPresent());
        if (same.isPresent()) {
            return same.get();
        }
        return repo.files(commit, List.of(), List.of(".yaml", ".yml")).values().stream()
                .map(blob -> new String(repo.read(blob), StandardCharsets.UTF_8))
                .filter(text -> SpecEdit.find(text, app).isPresent()).findFirst()
                .orElseThrow(() -> new RollbackException("no spec file at " + RollbackTarget.shortId(commit.name())
                        + " holds a readable document for " + app + " (looked in " + file + " and every other .yaml file):"
                        + " nothing to restore"));
    }

    private static Optional<String> text(GitRepository repo, ObjectId commit, String file) {
        return repo.file(commit, file).map(blob -> new String(repo.read(blob), StandardCharsets.UTF_8));
    }

    private static long nonce(SpecEdit.Document document) {
        JsonNode value = document.tree().root().at("/spec/job/savepointRedeployNonce");
        return value.isIntegralNumber() ? value.longValue() : 0L;
    }

    /** The current file with the app's document replaced by the edited old one; the edited old file when there is none. */
    private static String replaceDocument(String current, SpecEdit.Document currentDocument, String edited, AppId app) {
        if (current == null || currentDocument == null) {
            return edited;
        }
        SpecEdit.Document restored = SpecEdit.find(edited, app).orElseThrow();
        List<String> oldLines = new java.util.ArrayList<>(SpecEdit.lines(edited).subList(restored.first(), restored.end()));
        List<String> lines = SpecEdit.lines(current);
        List<String> result = new java.util.ArrayList<>(lines.subList(0, currentDocument.first()));
        while (!oldLines.isEmpty() && oldLines.get(oldLines.size() - 1).isBlank()) {
            oldLines.remove(oldLines.size() - 1);
        }
        result.addAll(oldLines);
        int trailing = currentDocument.end();
        while (trailing > currentDocument.first() && lines.get(trailing - 1).isBlank()) {
            trailing--;
        }
        result.addAll(lines.subList(trailing, lines.size())); // the blank lines that ended the app's document now stay
        return String.join("\n", result);
    }

    /** The written file must read back with the two fields as meant; anything else is refused, not committed. */
    private static void check(String content, AppId app, String savepoint, long nonce, String file) {
        JsonNode job = SpecEdit.find(content, app).map(document -> document.tree().root().at("/spec/job"))
                .orElseThrow(() -> new RollbackException("the edited " + file + " does not read back: nothing was committed"));
        if (!savepoint.equals(job.path("initialSavepointPath").asText(null)) || job.path("savepointRedeployNonce").asLong(-1) != nonce) {
            throw new RollbackException("the edited " + file + " does not read back with initialSavepointPath " + savepoint
                    + " and savepointRedeployNonce " + nonce + ": nothing was committed; set them by hand");
        }
    }

    private static String message(Request request, String file, RollbackTarget target, String time, long nonce) {
        String taken = target.record() == null ? "given with --savepoint (not recorded on " + target.statusRef() + ")"
                : "taken at " + time + " from job " + target.record().jobId() + " of that version (" + target.record().reason() + ")";
        return "Roll back " + request.app() + " to " + RollbackTarget.shortId(target.commit()) + " from savepoint " + target.savepoint()
                + "\n\n" + file + " as it was at " + target.commit() + ",\nredeployed from the savepoint " + target.savepoint()
                + "\n" + taken + ",\nwith spec.job.savepointRedeployNonce " + nonce + ". The job's state since then is discarded"
                + " (the running job is\nstopped with a savepoint first, kept in the status branch's history).\n\nWritten by"
                + " flink-gitops rollback at " + request.now() + ".\n\nRollback-To: " + target.commit() + "\nRollback-Savepoint: "
                + target.savepoint() + "\n";
    }
}
