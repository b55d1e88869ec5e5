package dev.flinkgitops.git;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.MaxCountRevFilter;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The commits of a branch that changed one file, newest first ({@code git log TIP -- PATH}), read with JGit. */
public final class FileLog {

    private FileLog() {}

    /** Up to {@code limit} commits reachable from {@code tip} that changed {@code path}, newest first. */
    public static List<ObjectId> commits(GitRepository repo, ObjectId tip, String path, int limit) {
        List<ObjectId> commits = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo.repository())) {
            walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
            walk.setRevFilter(MaxCountRevFilter.create(limit));
            walk.markStart(walk.parseCommit(tip));
            for (RevCommit commit : walk) {
                commits.add(commit.copy());
            }
            return commits;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history of " + path, e);
        }
    }
}
