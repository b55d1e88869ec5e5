package dev.flinkgitops.cli;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.FlinkGitWorldExtension;
import dev.flinkgitops.testing.Scenario;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code plan --live}: the same change planned against the status branch and against live Flink. */
class PlanLiveIT {

    @RegisterExtension
    static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();

    private static String plan(Path checkout, String... extra) {
        StringWriter out = new StringWriter();
        String[] args = new String[extra.length + 6];
        args[0] = "plan";
        args[1] = "--repo";
        args[2] = checkout.toString();
        args[3] = "--base";
        args[4] = "origin/main";
        args[5] = "--output=text";
        System.arraycopy(extra, 0, args, 6, extra.length);
        assertEquals(2, Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), args));
        return out.toString();
    }

    @Test
    void liveStateChangesWhatThePlanSays() throws Exception {
        try (Scenario s = WORLD.world().scenario("live", null)) {
            AppStatus running = s.deploy(s.specs().write(Scenario.FILE, s.spec("v1")).commitAndPush("v1"));
            Path checkout = WORLD.root().resolve("checkout");
            Git.cloneRepository().setURI(s.url()).setDirectory(checkout.toFile()).call().close();
            Files.writeString(checkout.resolve(Scenario.FILE), s.spec("v2"));
            try (Git git = Git.open(checkout.toFile())) {
                git.commit().setAll(true).setMessage("v2").setAuthor("r", "r@x").setCommitter("r", "r@x").call();
            }

            String recorded = plan(checkout);
            assertTrue(recorded.contains("payments/orders  savepoint upgrade"), recorded);
            assertTrue(recorded.contains("status: status @"), recorded);

            WORLD.world().flink().cancel(running.job().id());
            String live = plan(checkout, "--live", "--cluster", "default=" + WORLD.world().cluster().restUrl());
            assertTrue(live.contains("payments/orders  restart"), live);
            assertTrue(live.contains("is CANCELED: restarting"), live);
            assertEquals(Phase.RUNNING, running.phase());
        }
    }
}
