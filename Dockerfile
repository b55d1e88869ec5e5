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
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/flink-gitops/flink-gitops.jar"]
CMD ["run", "--help"]
