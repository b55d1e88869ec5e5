package dev.flinkgitops.testing;

/** Small FlinkDeployment specs in namespace {@code team}, for pull-request plan tests. */
public final class TeamSpecs {

    private TeamSpecs() {}

    public static String spec(String name, String tag, String extraConfiguration, String extraJob) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: %s
                  namespace: team
                  labels: {owner: team}
                spec:
                  image: flink:2.3-java17
                  flinkConfiguration:
                    execution.checkpointing.interval: "5s"%s
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    entryClass: com.example.Job
                    args: ["--tag", "%s"]
                    parallelism: 2
                """.formatted(name, extraConfiguration, tag) + extraJob;
    }

    public static String spec(String name, String tag) {
        return spec(name, tag, "", "    upgradeMode: savepoint\n");
    }
}
