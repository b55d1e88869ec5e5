package dev.flinkgitops.port;

import dev.flinkgitops.appspec.AppId;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names of an app's Kubernetes objects, and the rules an app's name must meet to give them:
 * the Kubernetes adapter names the objects, the validator checks the names, neither through the other.
 */
public final class KubeNames {

    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_LABEL_LENGTH = 63;

    private KubeNames() {}

    public static String configMap(AppId app) {
        return app.name() + "-flink-config";
    }

    public static String restService(AppId app) {
        return app.name() + "-rest";
    }

    public static String jobManager(AppId app) {
        return app.name() + "-jobmanager";
    }

    public static String taskManager(AppId app) {
        return app.name() + "-taskmanager";
    }

    public static String networkPolicy(AppId app) {
        return app.name() + "-flink";
    }

    /**
     * Why the app's name cannot name its Kubernetes objects, empty when it can: the Service name
     * must be a DNS-1035 label and the name must fit a label value. For the validator.
     */
    public static List<String> nameProblems(AppId app) {
        List<String> problems = new ArrayList<>();
        String service = restService(app);
        if (service.length() > MAX_LABEL_LENGTH || !DNS_1035_LABEL.matcher(service).matches()) {
            problems.add("Service name '" + service + "' must be a DNS-1035 label (at most 63 characters,"
                    + " lower case letters, digits and '-', starting with a letter)");
        }
        if (app.name().length() > MAX_LABEL_LENGTH) {
            problems.add("name '" + app.name() + "' is longer than 63 characters, the limit of a label value");
        }
        return problems;
    }
}
