package dev.flinkgitops.git;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The status branch: an orphan branch of the spec repository holding one file per app,
 * written without a work tree. A write is one commit carrying every changed file, none when
 * the tree did not change. A push rejected because the branch moved is retried on the fresh
 * tip (bounded), so another writer's files are kept.
 */
public final class StatusBranch {

    private static final Logger log = LoggerFactory.getLogger(StatusBranch.class);

    private final GitRepository repo;
    private final String branch;
    private final PersonIdent author;
    private final int maxAttempts;

    public StatusBranch(GitRepository repo, String branch, PersonIdent author, int maxAttempts) {
        this.repo = repo;
        this.branch = branch;
        this.author = author;
        this.maxAttempts = maxAttempts;
    }

    public String branch() {
        return branch;
    }

    /** Every file on the fetched status branch, by path. Empty when the branch does not exist yet. */
    public Map<String, byte[]> readAll() {
        Map<String, byte[]> files = new TreeMap<>();
        Optional<ObjectId> tip = repo.tip(branch);
        if (tip.isEmpty()) {
            return files;
        }
        repo.files(tip.get(), List.of(), List.of("")).forEach((path, blob) -> files.put(path, repo.read(blob)));
        return files;
    }

    /**
     * Commits {@code changes} (path to new content) on top of the status branch and pushes.
     *
     * @return the outcome; never throws for a rejected push
     */
    public WriteResult write(Map<String, byte[]> changes, String message) {
        String lastRejection = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                repo.fetch();
            }
            Optional<ObjectId> base = repo.tip(branch);
            ObjectId commit = commit(base, changes, message);
            if (commit == null) {
                return WriteResult.unchanged();
            }
            RemoteRefUpdate.Status status = push(base, commit);
            if (status == RemoteRefUpdate.Status.OK || status == RemoteRefUpdate.Status.UP_TO_DATE) {
                updateTrackingRef(commit);
                return WriteResult.pushed(commit.name(), attempt);
            }
            lastRejection = status.name();
            log.info("status push rejected ({}), attempt {} of {}: fetching and re-applying", status, attempt, maxAttempts);
        }
        return WriteResult.rejected("push to " + branch + " rejected " + maxAttempts + " times, last: " + lastRejection);
    }

    private ObjectId commit(Optional<ObjectId> base, Map<String, byte[]> changes, String message) {
        try (ObjectInserter inserter = repo.repository().newObjectInserter();
                ObjectReader reader = repo.repository().newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            ObjectId baseTree = base.isPresent() ? walk.parseCommit(base.get()).getTree() : null;
            ObjectId tree = tree(baseTree, changes, inserter, reader);
            if (tree.equals(baseTree)) {
                return null;
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            base.ifPresent(commit::setParentId);
            PersonIdent now = new PersonIdent(author, java.time.Instant.now());
            commit.setAuthor(now);
            commit.setCommitter(now);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        } catch (IOException e) {
            throw new GitException("cannot build status commit: " + e.getMessage(), e);
        }
    }

    /** The tree of {@code baseTree} (or an empty one) with {@code changes} written over it, built in memory. */
    static ObjectId tree(ObjectId baseTree, Map<String, byte[]> changes, ObjectInserter inserter, ObjectReader reader)
            throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        if (baseTree != null) {
            builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, baseTree);
        }
        builder.finish();
        DirCacheEditor editor = index.editor();
        for (Map.Entry<String, byte[]> change : changes.entrySet()) {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, change.getValue());
            editor.add(new DirCacheEditor.PathEdit(change.getKey()) {
                @Override
                public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setObjectId(blob);
                }
            });
        }
        editor.finish();
        return index.writeTree(inserter);
    }

    private RemoteRefUpdate.Status push(Optional<ObjectId> base, ObjectId commit) {
        String ref = Constants.R_HEADS + branch;
        try (Transport transport = Transport.open(repo.repository(), GitRepository.REMOTE)) {
            repo.configure(transport);
            transport.setCredentialsProvider(repo.credentials());
            transport.setTimeout(repo.timeoutSeconds());
            RemoteRefUpdate update =
                    new RemoteRefUpdate(repo.repository(), null, commit, ref, false, null, base.orElse(ObjectId.zeroId()));
            PushResult result = transport.push(org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE, List.of(update));
            return result.getRemoteUpdate(ref).getStatus();
        } catch (Exception e) {
            throw new GitException("push to " + repo.redactedUrl() + " failed: " + e.getMessage(), e);
        }
    }

    private void updateTrackingRef(ObjectId commit) {
        try {
            RefUpdate update = repo.repository().updateRef("refs/remotes/" + GitRepository.REMOTE + "/" + branch);
            update.setNewObjectId(commit);
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.IO_FAILURE) {
                throw new GitException("cannot update the local status ref (" + result + ")", null);
            }
        } catch (IOException e) {
            throw new GitException("cannot update the local status ref: " + e.getMessage(), e);
        }
    }

    /** The outcome of a write: pushed (with the commit), unchanged, or rejected with the reason. */
    public record WriteResult(Outcome outcome, String commit, int attempts, String reason) {

        public enum Outcome { PUSHED, UNCHANGED, REJECTED }

        public static WriteResult pushed(String commit, int attempts) {
            return new WriteResult(Outcome.PUSHED, commit, attempts, null);
        }

        public static WriteResult unchanged() {
            return new WriteResult(Outcome.UNCHANGED, null, 0, null);
        }

        public static WriteResult rejected(String reason) {
            return new WriteResult(Outcome.REJECTED, null, 0, reason);
        }

        public boolean durable() {
            return outcome != Outcome.REJECTED;
        }
    }
}
