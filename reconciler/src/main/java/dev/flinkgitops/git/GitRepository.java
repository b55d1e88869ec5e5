package dev.flinkgitops.git;

import dev.flinkgitops.redact.Redact;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local bare mirror of the spec repository. Branches are fetched into
 * {@code refs/remotes/origin/*} (never over local branches), all with one fetch.
 */
public final class GitRepository implements AutoCloseable {

    static final String REMOTE = "origin";
    private static final RefSpec FETCH_ALL = new RefSpec("+refs/heads/*:refs/remotes/origin/*");

    private final Repository repository;
    private final Git git;
    private final String url;
    private final CredentialsProvider credentials;
    private final SshSessionFactory ssh;
    private final int timeoutSeconds;

    private GitRepository(Repository repository, String url, CredentialsProvider credentials, SshSessionFactory ssh,
            int timeoutSeconds) {
        this.repository = repository;
        this.git = new Git(repository);
        this.url = url;
        this.credentials = credentials;
        this.ssh = ssh;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Opens (or creates) the mirror in {@code dir} for the remote {@code url}. */
    public static GitRepository open(Path dir, String url, CredentialsProvider credentials, int timeoutSeconds) {
        return open(dir, url, credentials, null, timeoutSeconds);
    }

    /**
     * Opens (or creates) the mirror in {@code dir} for the remote {@code url}. User info in the URL
     * never reaches the mirror's git config (see {@link RemoteUrl}): it becomes the credentials
     * unless {@code credentials} are given.
     *
     * @param ssh the session factory for {@code ssh://} remotes (see {@link GitSsh}), or null for JGit's default;
     *     not closed by this repository
     */
    public static GitRepository open(Path dir, String url, CredentialsProvider credentials, SshSessionFactory ssh,
            int timeoutSeconds) {
        try {
            Files.createDirectories(dir);
            removeStaleLocks(dir);
            Repository repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
            if (!repository.getObjectDatabase().exists()) {
                repository.create(true);
            }
            RemoteUrl remote = RemoteUrl.of(url);
            StoredConfig config = repository.getConfig();
            config.setString("remote", REMOTE, "url", remote.stored());
            config.setString("remote", REMOTE, "fetch", FETCH_ALL.toString());
            config.save();
            return new GitRepository(repository, remote.stored(), credentials != null ? credentials : remote.credentials(), ssh,
                    timeoutSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open git mirror at " + dir, e);
        }
    }

    /**
     * Opens an existing local repository (a pull-request checkout, bare or not) for reading only:
     * no remote is configured and nothing is fetched.
     */
    public static GitRepository local(Path dir) {
        try {
            Repository repository = new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().toFile()).setMustExist(true)
                    .build();
            return new GitRepository(repository, dir.toString(), null, null, 0);
        } catch (IOException | IllegalArgumentException e) {
            throw new GitException("no git repository at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The best common ancestor of two commits, or empty when they share none. */
    public Optional<ObjectId> mergeBase(ObjectId a, ObjectId b) {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setRevFilter(org.eclipse.jgit.revwalk.filter.RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(a));
            walk.markStart(walk.parseCommit(b));
            RevCommit base = walk.next();
            return Optional.ofNullable(base).map(RevCommit::copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** When a commit was made (its committer time). */
    public java.time.Instant time(ObjectId commit) {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(commit).getCommitterIdent().getWhenAsInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One fetch of every branch. Throws {@link GitException} when the remote cannot be read or a
     * fetched ref could not be updated locally (the daemon must never plan from a stale tip).
     */
    public void fetch() {
        FetchResult result;
        try {
            result = git.fetch()
                    .setRemote(REMOTE)
                    .setRefSpecs(FETCH_ALL)
                    .setRemoveDeletedRefs(true)
                    .setCredentialsProvider(credentials)
                    .setTransportConfigCallback(this::configure)
                    .setTimeout(timeoutSeconds)
                    .call();
        } catch (GitAPIException | RuntimeException e) {
            throw new GitException("fetch from " + redactedUrl() + " failed: " + e.getMessage(), e);
        }
        for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
            RefUpdate.Result outcome = update.getResult();
            if (outcome == RefUpdate.Result.LOCK_FAILURE || outcome == RefUpdate.Result.IO_FAILURE
                    || outcome == RefUpdate.Result.REJECTED_OTHER_REASON) {
                throw new GitException("fetch could not update " + update.getLocalName() + " (" + outcome + ")", null);
            }
        }
    }

    /**
     * Removes lock files a killed daemon left in its mirror. Safe: the daemon holds the exclusive
     * lock of its work directory, so no other process writes this mirror.
     */
    private static void removeStaleLocks(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path lock : files.filter(f -> f.getFileName().toString().endsWith(".lock")).toList()) {
                Files.deleteIfExists(lock);
                org.slf4j.LoggerFactory.getLogger(GitRepository.class).warn("removed a stale git lock {}", lock);
            }
        }
    }

    /** The fetched tip of {@code branch}, or empty when the remote has no such branch. */
    public Optional<ObjectId> tip(String branch) {
        try {
            Ref ref = repository.exactRef("refs/remotes/" + REMOTE + "/" + branch);
            return Optional.ofNullable(ref).map(Ref::getObjectId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Blob ids of the files under {@code paths} at {@code commit} whose name ends with one of {@code suffixes}. */
    public Map<String, ObjectId> files(ObjectId commit, List<String> paths, List<String> suffixes) {
        Map<String, ObjectId> files = new LinkedHashMap<>();
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            RevCommit revCommit = walk.parseCommit(commit);
            tree.addTree(revCommit.getTree());
            tree.setRecursive(true);
            if (!paths.isEmpty() && !paths.contains("") && !paths.contains(".")) {
                tree.setFilter(PathFilterGroup.createFromStrings(paths));
            }
            while (tree.next()) {
                String path = tree.getPathString();
                if (suffixes.stream().anyMatch(path::endsWith)) {
                    files.put(path, tree.getObjectId(0));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list files of " + commit.name(), e);
        }
    }

    /** The content of a blob. */
    public byte[] read(ObjectId blob) {
        try (ObjectReader reader = repository.newObjectReader()) {
            return reader.open(blob, Constants.OBJ_BLOB).getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + blob.name(), e);
        }
    }

    /** The blob id of one file at a commit, or empty when it does not exist there. */
    public Optional<ObjectId> file(ObjectId commit, String path) {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit revCommit = walk.parseCommit(commit);
            try (TreeWalk tree = TreeWalk.forPath(repository, path, revCommit.getTree())) {
                return tree == null ? Optional.empty() : Optional.of(tree.getObjectId(0));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The full message of a commit. */
    public String message(ObjectId commit) {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(commit).getFullMessage();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read commit " + commit.name(), e);
        }
    }

    /** The commit an abbreviated or full id names, or empty when this mirror does not have it. */
    public Optional<ObjectId> resolve(String revision) {
        try {
            return Optional.ofNullable(repository.resolve(revision));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Repository repository() {
        return repository;
    }

    CredentialsProvider credentials() {
        return credentials;
    }

    int timeoutSeconds() {
        return timeoutSeconds;
    }

    /** Gives an SSH transport this repository's session factory (fetch and the status push alike). */
    void configure(Transport transport) {
        if (ssh != null && transport instanceof SshTransport sshTransport) {
            sshTransport.setSshSessionFactory(ssh);
        }
    }

    /** The remote URL without any user information. */
    public String redactedUrl() {
        return Redact.uri(url);
    }

    @Override
    public void close() {
        git.close();
        repository.close();
    }
}
