package dev.flinkgitops.kube;

import dev.flinkgitops.port.RenderRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flinkgitops.appspec.AppSpec;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The objects rendered for the example repository's apps, as golden files
 * ({@code -Dgolden.update=true} rewrites them). A change here is a change to what runs in
 * every user's cluster: read the diff.
 */
class RendererGoldenTest {

    @Test
    void applicationModeRestoringFromASavepoint() throws IOException {
        AppSpec spec = KubeFixtures.exampleSpec("apps/payments/orders-counter.yaml");
        RenderRequest request = new RenderRequest(spec, KubeFixtures.JOB_ID,
                "s3://flink/savepoints/payments/orders-counter/savepoint-1a2b3c-0123456789ab",
                "s3://flink/savepoints/payments/orders-counter");

        GoldenFiles.check("orders-counter.yaml", KubeFixtures.yaml(Renderer.render(request)));
    }

    @Test
    void sessionClusterWithPodTemplates() throws IOException {
        AppSpec spec = KubeFixtures.exampleSpec("apps/analytics/session-cluster.yaml");
        RenderRequest request = new RenderRequest(spec, null, null, "s3://flink/savepoints/analytics/session");

        GoldenFiles.check("session.yaml", KubeFixtures.yaml(Renderer.render(request)));
    }

    @Test
    void theSameRequestRendersTheSameBytes() {
        AppSpec spec = KubeFixtures.exampleSpec("apps/analytics/session-cluster.yaml");
        RenderRequest request = new RenderRequest(spec, null, null, null);

        assertEquals(KubeFixtures.yaml(Renderer.render(request)), KubeFixtures.yaml(Renderer.render(request)));
    }
}
