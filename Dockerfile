# syntax=docker/dockerfile:1
# flink-gitops: the reconciler daemon as a container image.
#   docker build -t flink-gitops:latest .
#   docker run --rm flink-gitops:latest            # prints `run --help`
# Kubernetes manifests: deploy/ (kubectl apply -k deploy/).

# ---- stage 1: build the shaded jar ----------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# POMs first: the dependency layer is rebuilt only when a POM changes.
COPY pom.xml ./
COPY example-job/pom.xml example-job/
COPY reconciler/pom.xml reconciler/
# The example-job module is a sibling (not yet built): leave the project's own group out.
RUN mvn -B -q dependency:go-offline -DexcludeGroupIds=dev.flinkgitops
# Then the sources (schema/ and example-repo/ are packaged into the jar and used by tests).
COPY example-job/ example-job/
COPY reconciler/ reconciler/
COPY schema/ schema/
COPY example-repo/ example-repo/
RUN mvn -B -DskipTests package

# ---- stage 2: runtime -----------------------------------------------------------------------
# Debian-based JRE (glibc: Flink's and Netty's native bits expect it; bash for the health check).
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 flinkgitops \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/flink-gitops --shell /usr/sbin/nologin flinkgitops \
 && mkdir -p /opt/flink-gitops /var/lib/flink-gitops \
 && chown 10001:10001 /var/lib/flink-gitops
COPY --from=build /src/reconciler/target/flink-gitops.jar /opt/flink-gitops/flink-gitops.jar
USER 10001:10001
# The daemon's work dir (git mirror, caches): writable, an emptyDir on Kubernetes.
WORKDIR /var/lib/flink-gitops
# 8080: /healthz, /readyz and /metrics.
EXPOSE 8080
# The JRE image has no curl or wget: bash's /dev/tcp does one HTTP/1.0 GET of /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# JVM settings measured by benchmark B7 (bench/results.md: 1,000 apps, RSS well under 256 MiB): the
# serial collector (G1's regions and remembered sets cost ~50 MiB more here, for one ticking thread),
# a fixed heap (the live set is ~25 MiB with 1,000 apps; a percentage of the container's limit would
# follow the limit, not the need), metaspace capped, and exit on OutOfMemoryError so that Kubernetes
# restarts the pod (the status branch holds all state) rather than leaving a JVM that still answers /healthz.
# MemoryBench reads the options from this line: keep them between "java" and "-jar".
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xmx128m", "-XX:MaxMetaspaceSize=96m", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/flink-gitops/flink-gitops.jar"]
CMD ["run", "--help"]
