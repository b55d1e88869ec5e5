package dev.flinkgitops.daemon;

import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.config.NotifyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A notification URL that cannot be read stops the daemon at start, before anything slow, naming where it was to come from. */
class WiringNotifyTest {

    @TempDir
    Path dir;

    private DaemonConfig config(NotifyConfig notify) {
        return DaemonConfig.of(dir.resolve("nowhere.git").toString()).withWorkDir(dir.resolve("work"))
                .withFlink(flink -> flink.withClusters(Map.of("default", URI.create("http://127.0.0.1:9"))))
                .withNotifications(notify);
    }

    @Test
    void anUnsetVariableIsAStartUpError() {
        String name = "FLINK_GITOPS_TEST_NO_SUCH_VARIABLE_7";
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Wiring.daemon(config(new NotifyConfig(List.of(), List.of(name), List.of())), Clock.systemUTC()));
        assertEquals("notification URL variable " + name + " is not set", error.getMessage());
    }

    @Test
    void aFileWithABadUrlIsAStartUpErrorThatDoesNotRepeatIt() throws Exception {
        Path file = Files.writeString(dir.resolve("urls"), "hooks.example.com/services/canary-91\n");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Wiring.daemon(config(new NotifyConfig(List.of(), List.of(), List.of(file))), Clock.systemUTC()));
        assertEquals(file + ":1: the notification URL is not an http(s):// URL with a host", error.getMessage());
        assertFalse(error.getMessage().contains("canary-91"));
    }
}
