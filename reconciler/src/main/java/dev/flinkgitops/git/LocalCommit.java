package dev.flinkgitops.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One file's new content committed in a local repository a person works in: on a new branch without
 * touching the work tree, the index or the checked-out branch, or (asked for) on the checked-out branch
 * through the work tree, as {@code git commit} would.
 */
public final class LocalCommit {

    private LocalCommit() {}

    /**
     * Commits {@code content} as {@code path} on top of {@code parent} and creates {@code branch} there.
     *
     * @throws GitException when the branch already exists or cannot be created
     */
    public static ObjectId onNewBranch(GitRepository repo, ObjectId parent, String branch, String path, byte[] content,
            String message, PersonIdent who) {
        Repository repository = repo.repository();
        String ref = Constants.R_HEADS + branch;
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            if (repository.exactRef(ref) != null) {
                throw new GitException("branch " + branch + " already exists: name another with --branch", null);
            }
            RevCommit base = walk.parseCommit(parent);
            CommitBuilder commit = new CommitBuilder();
            try (org.eclipse.jgit.lib.ObjectReader reader = repository.newObjectReader()) {
                commit.setTreeId(StatusBranch.tree(base.getTree(), java.util.Map.of(path, content), inserter, reader));
            }
            commit.setParentId(base);
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(ref);
            update.setNewObjectId(id);
            update.setExpectedOldObjectId(ObjectId.zeroId());
            update.setRefLogMessage("flink-gitops rollback", false);
            RefUpdate.Result result = update.update(walk);
            if (result != RefUpdate.Result.NEW) {
                throw new GitException("could not create branch " + branch + " (" + result + ")", null);
            }
            return id;
        } catch (IOException e) {
            throw new GitException("could not commit on branch " + branch + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code content} to {@code path} in the work tree and commits it on the checked-out branch.
     * Refused when that file has uncommitted changes (they would be mixed into the commit) or the
     * repository has no work tree.
     */
    public static ObjectId onCurrentBranch(GitRepository repo, String path, byte[] content, String message, PersonIdent who) {
        Repository repository = repo.repository();
        if (repository.isBare()) {
            throw new GitException("a bare repository has no checked-out branch to commit on", null);
        }
        try (Git git = new Git(repository)) {
            String head = repository.getFullBranch();
            if (head == null || !head.startsWith(Constants.R_HEADS)) {
                throw new GitException("HEAD is detached: check out the branch to commit on", null);
            }
            org.eclipse.jgit.api.Status status = git.status().addPath(path).call();
            if (!status.isClean()) {
                throw new GitException(path + " has uncommitted changes: commit or stash them first", null);
            }
            Path file = repository.getWorkTree().toPath().resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            git.add().addFilepattern(path).call();
            return git.commit().setOnly(path).setMessage(message).setAuthor(who).setCommitter(who).call().getId();
        } catch (GitAPIException | IOException e) {
            throw new GitException("could not commit " + path + " on the current branch: " + e.getMessage(), e);
        }
    }

    /** The checked-out branch's short name, or the commit id when HEAD is detached. */
    public static String currentBranch(GitRepository repo) {
        try {
            return repo.repository().getBranch();
        } catch (IOException e) {
            throw new GitException("cannot read HEAD: " + e.getMessage(), e);
        }
    }
}
