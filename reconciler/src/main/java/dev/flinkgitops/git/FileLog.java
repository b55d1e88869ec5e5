package dev.flinkgitops.git;

import org.eclipse.jgit.errors.StopWalkException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.TreeRevFilter;
import org.eclipse.jgit.revwalk.filter.AndRevFilter;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The commits of a branch that changed one file, newest first ({@code git log TIP -- PATH}), read with JGit: the one
 * walk of a file's history, for the rollback command's savepoint search and the daemon's lineage pages.
 */
public final class FileLog {

    private FileLog() {}

    /**
     * Up to {@code limit} commits reachable from {@code tip} that changed {@code path}, newest first, looking at no more
     * than {@code maxWalk} commits of the branch (so a file that rarely changes on a long branch costs a bounded walk).
     * The commits keep their message and author.
     */
    public static List<RevCommit> commits(GitRepository repo, ObjectId tip, String path, int limit, int maxWalk) {
        List<RevCommit> commits = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo.repository())) {
            walk.setRevFilter(AndRevFilter.create(new Budget(maxWalk),
                    new TreeRevFilter(walk, AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF))));
            walk.sort(RevSort.COMMIT_TIME_DESC);
            walk.markStart(walk.parseCommit(tip));
            for (RevCommit commit : walk) {
                if (commits.size() >= limit) {
                    break;
                }
                commits.add(commit);
            }
            return commits;
        } catch (IOException e) {
            throw new GitException("cannot read the history of " + path + ": " + e.getMessage(), e);
        }
    }

    /** Lets {@code left} commits through, then ends the walk. */
    private static final class Budget extends RevFilter {
        private int left;

        Budget(int left) {
            this.left = left;
        }

        @Override
        public boolean include(RevWalk walker, RevCommit commit) {
            if (left-- <= 0) {
                throw StopWalkException.INSTANCE;
            }
            return true;
        }

        @Override
        public RevFilter clone() {
            return new Budget(left);
        }

        @Override
        public boolean requiresCommitBody() {
            return false;
        }
    }
}
