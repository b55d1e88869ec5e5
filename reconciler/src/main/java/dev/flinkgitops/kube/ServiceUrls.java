package dev.flinkgitops.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** How the daemon reaches a cluster's REST Service. */
public interface ServiceUrls {

    int REST_PORT = 8081;

    URI url(String namespace, String service);

    /** Cluster DNS: the daemon runs inside the Kubernetes cluster. */
    static ServiceUrls dns() {
        return (namespace, service) -> URI.create("http://" + service + "." + namespace + ".svc:" + REST_PORT);
    }

    /** One URL for every service (tests: a Flink cluster standing in for every JobManager). */
    static ServiceUrls fixed(URI url) {
        return (namespace, service) -> url;
    }

    /** A fabric8 port-forward per Service, re-established when it died (its pod was replaced). */
    static ServiceUrls portForward(KubernetesClient client) {
        return new PortForwards(client);
    }

    /** {@code dns} inside a cluster (a service account is mounted), {@code port-forward} outside. */
    static ServiceUrls of(String access, KubernetesClient client) {
        boolean inCluster = System.getenv("KUBERNETES_SERVICE_HOST") != null;
        return switch (access) {
            case "dns" -> dns();
            case "port-forward" -> portForward(client);
            default -> inCluster ? dns() : portForward(client);
        };
    }

    /** Port-forwards, kept per Service. */
    final class PortForwards implements ServiceUrls {
        private static final Logger log = LoggerFactory.getLogger(PortForwards.class);
        private final KubernetesClient client;
        private final Map<String, LocalPortForward> forwards = new ConcurrentHashMap<>();

        PortForwards(KubernetesClient client) {
            this.client = client;
        }

        @Override
        public URI url(String namespace, String service) {
            LocalPortForward forward = forwards.compute(namespace + "/" + service, (key, existing) -> {
                if (existing != null && existing.isAlive() && !existing.errorOccurred()) {
                    return existing;
                }
                if (existing != null) {
                    close(existing);
                }
                log.info("port-forward to service {}/{}:{}", namespace, service, REST_PORT);
                return client.services().inNamespace(namespace).withName(service).portForward(REST_PORT);
            });
            return URI.create("http://127.0.0.1:" + forward.getLocalPort());
        }

        private static void close(LocalPortForward forward) {
            try {
                forward.close();
            } catch (Exception e) {
                log.debug("closing a port-forward failed: {}", e.getMessage());
            }
        }
    }
}
