package dev.flinkgitops.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the daemon reaches a cluster's REST Service: on the Service's port named {@code rest}, which
 * the Renderer sets from the spec's {@code rest.port} (8081 by default), read from the live Service
 * (cluster DNS: at most every {@link DnsUrls#PORT_TTL} per Service, not on every Flink call; a
 * changed {@code rest.port} restarts the JobManager, which takes longer than that).
 */
public interface ServiceUrls {

    String REST_PORT_NAME = "rest";

    URI url(String namespace, String service);

    /** Cluster DNS: the daemon runs inside the Kubernetes cluster. */
    static ServiceUrls dns(KubernetesClient client) {
        return new DnsUrls(client);
    }

    /**
     * The port named {@value #REST_PORT_NAME} of the live Service. A Service that is missing or
     * has no such port is an error, never a guess at 8081: the cluster is not reachable (yet).
     */
    static int restPort(KubernetesClient client, String namespace, String service) {
        io.fabric8.kubernetes.api.model.Service live = client.services().inNamespace(namespace).withName(service).get();
        if (live == null) {
            throw new IllegalStateException("service " + namespace + "/" + service + " does not exist");
        }
        return live.getSpec() == null || live.getSpec().getPorts() == null ? missingPort(namespace, service)
                : live.getSpec().getPorts().stream()
                        .filter(p -> REST_PORT_NAME.equals(p.getName()) && p.getPort() != null)
                        .mapToInt(io.fabric8.kubernetes.api.model.ServicePort::getPort)
                        .findFirst().orElseGet(() -> missingPort(namespace, service));
    }

    private static int missingPort(String namespace, String service) {
        throw new IllegalStateException("service " + namespace + "/" + service + " has no port named " + REST_PORT_NAME);
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
            case "dns" -> dns(client);
            case "port-forward" -> portForward(client);
            default -> inCluster ? dns(client) : portForward(client);
        };
    }

    /** Cluster DNS names, with each Service's REST port read again once it is older than {@link #PORT_TTL}. */
    final class DnsUrls implements ServiceUrls {
        static final java.time.Duration PORT_TTL = java.time.Duration.ofSeconds(30);
        private final KubernetesClient client;
        private final Map<String, long[]> ports = new ConcurrentHashMap<>(); // {port, read at (nanos)}

        DnsUrls(KubernetesClient client) {
            this.client = client;
        }

        @Override
        public URI url(String namespace, String service) {
            long now = System.nanoTime();
            long[] known = ports.compute(namespace + "/" + service, (key, cached) -> cached != null
                    && now - cached[1] < PORT_TTL.toNanos() ? cached : new long[] {restPort(client, namespace, service), now});
            return URI.create("http://" + service + "." + namespace + ".svc:" + known[0]);
        }
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
                int port = restPort(client, namespace, service);
                log.info("port-forward to service {}/{}:{}", namespace, service, port);
                return client.services().inNamespace(namespace).withName(service).portForward(port);
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
