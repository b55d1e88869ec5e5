package dev.flinkgitops.testing;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.StatusCodec;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One app's file on the status branch of a bare repository, as the remote holds it: the
 * current version, and every version in order ({@code git log --reverse status -- FILE}).
 * Each call opens the repository afresh, so it sees what the daemon pushed last.
 */
public final class StatusHistory {

    private static final StatusCodec CODEC = new StatusCodec();

    private final Path bare;
    private final String branch;

    public StatusHistory(Path bare, String branch) {
        this.bare = bare;
        this.branch = branch;
    }

    /** The file at the branch tip, decoded; empty while the branch or the file does not exist. */
    public Optional<AppStatus> current(String file) {
        return currentText(file).map(text -> CODEC.read(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The file at the branch tip as text; empty while the branch or the file does not exist. */
    public Optional<String> currentText(String file) {
        try (Repository repository = open(); RevWalk walk = new RevWalk(repository)) {
            ObjectId tip = repository.resolve("refs/heads/" + branch);
            if (tip == null) {
                return Optional.empty();
            }
            ObjectId blob = blobAt(repository, walk.parseCommit(tip), file);
            return blob == null ? Optional.empty()
                    : Optional.of(new String(repository.open(blob).getBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every version of the file, oldest first: one per commit that changed it. */
    public List<AppStatus> versions(String file) {
        List<AppStatus> versions = new ArrayList<>();
        try (Repository repository = open(); RevWalk walk = new RevWalk(repository)) {
            ObjectId tip = repository.resolve("refs/heads/" + branch);
            if (tip == null) {
                return versions;
            }
            walk.sort(RevSort.TOPO, true);
            walk.sort(RevSort.REVERSE, true);
            walk.markStart(walk.parseCommit(tip));
            ObjectId previous = null;
            for (RevCommit commit : walk) {
                ObjectId blob = blobAt(repository, commit, file);
                if (blob != null && !Objects.equals(blob, previous)) {
                    versions.add(CODEC.read(repository.open(blob).getBytes()));
                }
                previous = blob;
            }
            return versions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Repository open() throws IOException {
        return new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
    }

    private static ObjectId blobAt(Repository repository, RevCommit commit, String file) throws IOException {
        try (TreeWalk tree = TreeWalk.forPath(repository, file, commit.getTree())) {
            return tree == null ? null : tree.getObjectId(0);
        }
    }
}
