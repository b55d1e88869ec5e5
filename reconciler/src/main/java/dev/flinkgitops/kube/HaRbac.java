package dev.flinkgitops.kube;

import dev.flinkgitops.appspec.AppSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.SortedMap;

/**
 * What the pods of a cluster with Kubernetes HA need to reach the API server, rendered per app: a
 * ServiceAccount ({@code <name>-flink}), a Role with what Flink's Kubernetes HA services call (its leader
 * election, leader addresses, job graphs and checkpoint pointers live in ConfigMaps, and leases on newer
 * versions) and the RoleBinding between them. An account the spec names ({@code serviceAccount}) is the
 * user's: it is not created (nor deleted with the app, as other apps may share it), but the Role is bound
 * to it, so that HA works whichever account the pods run as.
 */
final class HaRbac {

    /** The verbs Flink's Kubernetes HA services use (fabric8 informers, leader election, cleanup by label). */
    static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete",
            "deletecollection");

    private HaRbac() {}

    /** The ServiceAccount the pods run as: the spec's {@code serviceAccount}, else ours when HA is rendered, else none. */
    static String serviceAccountName(AppSpec spec, SortedMap<String, String> configuration) {
        if (spec.resource().path("spec").path("serviceAccount").isTextual()) {
            return spec.resource().path("spec").path("serviceAccount").asText();
        }
        return FlinkConfigFile.kubernetesHa(configuration) ? name(spec) : null;
    }

    private static boolean named(AppSpec spec) {
        return spec.resource().path("spec").path("serviceAccount").isTextual();
    }

    static String name(AppSpec spec) {
        return spec.id().name() + "-flink";
    }

    /** The objects, in apply order; none without Kubernetes HA, no ServiceAccount when the spec names one. */
    static List<HasMetadata> objects(AppSpec spec, SortedMap<String, String> configuration) {
        if (!FlinkConfigFile.kubernetesHa(configuration)) {
            return List.of();
        }
        String name = serviceAccountName(spec, configuration);
        String roleName = spec.id().name() + "-flink-ha";
        String namespace = spec.id().namespace();
        ServiceAccount account = new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .endMetadata().build();
        Role role = new RoleBuilder().withNewMetadata().withName(roleName).withNamespace(namespace).endMetadata()
                .withRules(rule("", "configmaps"), rule("coordination.k8s.io", "leases"))
                .build();
        RoleBinding binding = new RoleBindingBuilder().withNewMetadata().withName(roleName).withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(roleName).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(namespace).endSubject()
                .build();
        List<HasMetadata> objects = named(spec) ? List.of(role, binding) : List.of(account, role, binding);
        objects.forEach(object -> KubeLabels.stamp(object, spec.id(), KubeLabels.HA_ACCESS, spec.hash()));
        return objects;
    }

    private static PolicyRule rule(String group, String resource) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(VERBS).build();
    }
}
