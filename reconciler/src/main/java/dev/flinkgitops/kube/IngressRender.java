package dev.flinkgitops.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkgitops.appspec.AppSpec;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code spec.ingress} as the operator renders it: a {@code networking.k8s.io/v1} Ingress named after the
 * app, to its REST Service (the Flink web UI). {@code template} is a URL without or with a scheme
 * ({@code {{name}}.{{namespace}}.flink.example.com} or {@code example.com/{{namespace}}/{{name}}(/|$)(.*)}):
 * {@code {{name}}} and {@code {{namespace}}} are replaced by the app's, its host becomes the rule's host
 * and its path (written as it is, regular expressions included) the rule's path, of type
 * {@code ImplementationSpecific}. {@code className}, {@code annotations}, {@code labels} and {@code tls}
 * are copied; our labels win over a user label of the same key.
 */
final class IngressRender {

    private static final Pattern NAME = Pattern.compile("\\{\\{name}}");
    private static final Pattern NAMESPACE = Pattern.compile("\\{\\{namespace}}");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");

    private IngressRender() {}

    /** The Ingress of {@code spec}, or empty when it has no {@code spec.ingress}. */
    static Optional<Ingress> of(AppSpec spec, int restPort) {
        JsonNode ingress = spec.resource().path("spec").path("ingress");
        if (!ingress.isObject()) {
            return Optional.empty();
        }
        Ingress rendered = new IngressBuilder()
                .withNewMetadata().withName(spec.id().name()).withNamespace(spec.id().namespace()).endMetadata()
                .withNewSpec()
                .withIngressClassName(ingress.path("className").isTextual() ? ingress.get("className").asText() : null)
                .withRules(rule(ingress.path("template").asText(""), spec, restPort))
                .withTls(tls(ingress.path("tls")))
                .endSpec()
                .build();
        // The user's labels and annotations are content (an ingress controller reads them), so they are in
        // place before the content hash is taken; ours win over a user label of the same key.
        Map<String, String> labels = new TreeMap<>(strings(ingress.path("labels")));
        labels.putAll(KubeLabels.labels(spec.id(), KubeLabels.INGRESS));
        Map<String, String> annotations = strings(ingress.path("annotations"));
        annotations.put(KubeLabels.SPEC_HASH, spec.hash());
        rendered.getMetadata().setLabels(labels);
        rendered.getMetadata().setAnnotations(annotations);
        ContentHash.stamp(rendered);
        return Optional.of(rendered);
    }

    /** The template expanded: {@code [host, path]}, either null when the template has none. */
    static String[] hostAndPath(String template, String name, String namespace) {
        String expanded = NAMESPACE.matcher(NAME.matcher(template.trim()).replaceAll(name)).replaceAll(namespace);
        String rest = SCHEME.matcher(expanded).replaceFirst("");
        int slash = rest.indexOf('/');
        String host = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? null : rest.substring(slash);
        int port = host.indexOf(':');
        host = port < 0 ? host : host.substring(0, port);
        return new String[] {host.isBlank() ? null : host, path};
    }

    private static IngressRule rule(String template, AppSpec spec, int restPort) {
        String[] hostAndPath = hostAndPath(template, spec.id().name(), spec.id().namespace());
        return new IngressRuleBuilder()
                .withHost(hostAndPath[0])
                .withNewHttp()
                .withPaths(new HTTPIngressPathBuilder()
                        .withPath(hostAndPath[1])
                        .withPathType("ImplementationSpecific")
                        .withNewBackend().withNewService().withName(KubeLabels.restServiceName(spec.id()))
                        .withNewPort().withNumber(restPort).endPort().endService().endBackend()
                        .build())
                .endHttp()
                .build();
    }

    private static List<IngressTLS> tls(JsonNode tls) {
        List<IngressTLS> entries = new ArrayList<>();
        tls.forEach(entry -> entries.add(Serialization.jsonMapper().convertValue(entry, IngressTLS.class)));
        return entries.isEmpty() ? null : entries;
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> values = new TreeMap<>();
        map.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }
}
