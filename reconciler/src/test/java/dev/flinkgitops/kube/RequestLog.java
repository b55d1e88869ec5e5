package dev.flinkgitops.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The requests the Kubernetes test server received, read from its queue of recorded requests. */
final class RequestLog {

    private final KubernetesMockServer server;

    RequestLog(KubernetesMockServer server) {
        this.server = server;
    }

    /** Every request recorded since the last call (the first call returns everything so far). */
    List<RecordedRequest> drain() {
        List<RecordedRequest> requests = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
                requests.add(request);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return requests;
    }

    /** "METHOD path" of each request since the last call. */
    List<String> lines() {
        return drain().stream().map(r -> r.getMethod() + " " + r.getPath()).toList();
    }
}
