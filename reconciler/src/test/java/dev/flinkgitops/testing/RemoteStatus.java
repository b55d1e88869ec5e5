package dev.flinkgitops.testing;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The status branch as a remote bare repository holds it. */
public record RemoteStatus(Repository repository, ObjectId tip) {

    public static RemoteStatus read(Path bare) {
        try {
            Repository repository = Git.open(bare.toFile()).getRepository();
            return new RemoteStatus(repository, repository.resolve("refs/heads/status"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String tipMessage() {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(tip).getFullMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file at the tip, or null. */
    public String file(String path) {
        return fileAt(tip, path);
    }

    /** Every version of a file along the branch, oldest first (one per commit that has it). */
    public List<String> history(String path) {
        List<String> versions = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(tip));
            for (RevCommit commit : walk) {
                String content = fileAt(commit, path);
                if (content != null && (versions.isEmpty() || !versions.get(0).equals(content))) {
                    versions.add(0, content);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions;
    }

    private String fileAt(ObjectId commitId, String path) {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(commitId);
            try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                return tree == null ? null
                        : new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
