package dev.flinkgitops.graph;

import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;
import org.apache.flink.runtime.state.filesystem.FsCompletedCheckpointStorageLocation;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the operators of a savepoint or retained checkpoint through Flink's own metadata reader: the
 * pointer (a directory or its {@code _metadata} file, on any file system Flink can reach from here:
 * local and mounted paths, and the file-system plugins on the class path) is resolved as Flink resolves
 * it on restore.
 */
final class RestorePointReader {

    private static final String METADATA = "_metadata";

    private RestorePointReader() {}

    /** The restore point's operators; an {@link IOException} naming the pointer when it cannot be read. */
    static List<StateLayout.SavedOperator> read(String pointer) throws IOException {
        FsCompletedCheckpointStorageLocation location = AbstractFsCheckpointStorageAccess.resolveCheckpointPointer(pointer);
        CheckpointMetadata metadata;
        try (InputStream in = location.getMetadataHandle().openInputStream()) {
            metadata = Checkpoints.loadCheckpointMetadata(new DataInputStream(in), RestorePointReader.class.getClassLoader(),
                    location.getExternalPointer());
        }
        List<StateLayout.SavedOperator> operators = new ArrayList<>();
        for (OperatorState state : metadata.getOperatorStates()) {
            boolean hasState = state.getCoordinatorState() != null
                    || state.getStates().stream().anyMatch(OperatorSubtaskState::hasState);
            operators.add(new StateLayout.SavedOperator(state.getOperatorID().toHexString(),
                    state.getOperatorName().orElse(null), state.getOperatorUid().orElse(null), state.getMaxParallelism(),
                    hasState));
        }
        return operators;
    }

    /**
     * The pointer, or for a checkpoint {@code .../chk-N} whose metadata is gone (Flink's REST answers lag behind
     * and keep one checkpoint by default, so a named checkpoint may already be replaced) the newest
     * {@code chk-M} beside it that has its metadata: the job's latest state all the same.
     */
    static String newest(String pointer) throws IOException {
        Path path = new Path(pointer);
        Path parent = path.getParent();
        if (!path.getName().matches("chk-\\d+") || parent == null) {
            return pointer;
        }
        FileSystem fs = path.getFileSystem();
        if (fs.exists(new Path(path, METADATA))) {
            return pointer;
        }
        FileStatus[] siblings = fs.listStatus(parent);
        Path best = null;
        long bestNumber = -1;
        for (FileStatus sibling : siblings == null ? new FileStatus[0] : siblings) {
            String name = sibling.getPath().getName();
            if (name.matches("chk-\\d+") && fs.exists(new Path(sibling.getPath(), METADATA))) {
                long number = Long.parseLong(name.substring(4));
                if (number > bestNumber) {
                    bestNumber = number;
                    best = sibling.getPath();
                }
            }
        }
        return best == null ? pointer : best.toString();
    }
}
