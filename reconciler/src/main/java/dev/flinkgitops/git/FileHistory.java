package dev.flinkgitops.git;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reading the history of a repository for people (the daemon's pages): who made a commit and why, and
 * the versions of one file. Read-only; safe to call from a server thread while the daemon fetches (JGit
 * reads immutable objects).
 */
public final class FileHistory {

    /** A commit as a person reads it: full id, first line of the message, author and when. */
    public record CommitInfo(String sha, String subject, String author, Instant time) {}

    /** One version of a file: the commit that wrote it and the content. */
    public record FileVersion(CommitInfo commit, byte[] content) {}

    private final GitRepository repo;

    public FileHistory(GitRepository repo) {
        this.repo = repo;
    }

    /** The fetched tip of {@code branch}, or empty before it exists. */
    public Optional<String> tip(String branch) {
        return repo.tip(branch).map(ObjectId::name);
    }

    /** The commit {@code sha} names, or empty when the mirror does not have it. */
    public Optional<CommitInfo> commit(String sha) {
        Optional<ObjectId> id = sha == null ? Optional.empty() : repo.resolve(sha + "^{commit}");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(repo.repository())) {
            return Optional.of(info(walk.parseCommit(id.get())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The versions of {@code path} on the fetched {@code branch}, newest first: each commit (at most
     * {@code limit}) that changed the file, with the content it wrote; a commit that removed it is left out (and
     * counts against {@code limit}).
     * At most {@code maxWalk} commits of the branch are looked at, so that an app whose file rarely changes
     * on a long branch costs a bounded walk.
     */
    public List<FileVersion> versions(String branch, String path, int limit, int maxWalk) {
        Optional<ObjectId> tip = repo.tip(branch);
        List<FileVersion> versions = new ArrayList<>();
        if (tip.isEmpty()) {
            return versions;
        }
        for (RevCommit commit : FileLog.commits(repo, tip.get(), path, limit, maxWalk)) {
            try (TreeWalk file = TreeWalk.forPath(repo.repository(), path, commit.getTree())) {
                if (file != null) {
                    versions.add(new FileVersion(info(commit), repo.read(file.getObjectId(0))));
                }
            } catch (IOException e) {
                throw new GitException("cannot read " + path + " at " + commit.name() + ": " + e.getMessage(), e);
            }
        }
        return versions;
    }

    /**
     * The YAML files at {@code sha}: path to blob id, read with one walk of the tree; empty when the commit is not
     * there.
     */
    public java.util.Map<String, String> yamlFiles(String sha) {
        java.util.Map<String, String> files = new java.util.HashMap<>();
        Optional.ofNullable(sha).flatMap(repo::resolve).ifPresent(commit -> repo.files(commit, List.of(), List.of(".yaml", ".yml"))
                .forEach((path, blob) -> files.put(path, blob.name())));
        return files;
    }

    /** The content of the blob {@code id}. */
    public byte[] blob(String id) {
        return repo.read(ObjectId.fromString(id));
    }

    private static CommitInfo info(RevCommit commit) {
        return new CommitInfo(commit.name(), commit.getShortMessage(), commit.getAuthorIdent().getName(),
                commit.getAuthorIdent().getWhenAsInstant());
    }
}
