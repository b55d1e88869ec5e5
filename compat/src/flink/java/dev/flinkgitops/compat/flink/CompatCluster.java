package dev.flinkgitops.compat.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Flink session cluster (Flink's MiniCluster: a dispatcher, a job master per job, one task
 * executor, the REST API with the /jars handlers of flink-runtime-web) of whatever Flink version
 * is on the classpath. Compiled at test time against each version's jars, so it uses only API
 * that Flink 1.16 to 2.3 share: string keys (both spellings where 2.x renamed one), never an
 * option constant. Prints {@code REST <url>} once up and stops when its standard input closes.
 *
 * <p>Arguments: {@code DIR SLOTS}.
 */
public final class CompatCluster {

    private CompatCluster() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int slots = Integer.parseInt(args[1]);
        Map<String, String> settings = new HashMap<>();
        settings.put("rest.address", "127.0.0.1");
        settings.put("rest.bind-address", "127.0.0.1");
        settings.put("rest.bind-port", "0");
        settings.put("web.upload.dir", directory(dir.resolve("uploads")));
        settings.put("io.tmp.dirs", directory(dir.resolve("tmp")));
        settings.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
        String savepoints = dir.resolve("savepoints").toUri().toString();
        String checkpoints = dir.resolve("checkpoints").toUri().toString();
        settings.put("state.savepoints.dir", savepoints);
        settings.put("execution.checkpointing.savepoint-dir", savepoints);
        settings.put("state.checkpoints.dir", checkpoints);
        settings.put("execution.checkpointing.dir", checkpoints);
        // Every job checkpoints each second, so that last-state has a checkpoint to restore from.
        settings.put("execution.checkpointing.interval", "1 s");
        Configuration configuration = Configuration.fromMap(settings);
        MiniClusterConfiguration cluster = new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build();
        MiniCluster flink = new MiniCluster(cluster);
        flink.start();
        URI rest = flink.getRestAddress().get(60, TimeUnit.SECONDS);
        System.out.println("REST " + rest);
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our standard input (or dies)
        }
        flink.closeAsync().get(30, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static String directory(Path path) throws java.io.IOException {
        return Files.createDirectories(path).toString();
    }
}
