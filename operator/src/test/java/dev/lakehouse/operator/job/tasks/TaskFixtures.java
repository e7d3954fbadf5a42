package dev.lakehouse.operator.job.tasks;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.RunTrigger;
import dev.lakehouse.api.v1alpha1.Task;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.engine.EngineDescription;
import dev.lakehouse.operator.engine.EngineModel;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test objects for the task builder, written as the YAML a user would apply. */
final class TaskFixtures {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final String NAMESPACE = "analytics-ns";
  static final String IMAGE_REPOSITORY = "ghcr.io/lakehouse/runtime";
  static final Instant SCHEDULED = Instant.parse("2026-01-05T23:30:00Z");
  static final Instant STARTED = Instant.parse("2026-01-05T23:30:04.250Z");

  /**
   * S3 keys from the Secret lakehouse-s3, an Iceberg REST catalog whose token is a mounted Secret.
   */
  static final String WORKSPACE =
      """
      apiVersion: lakehouse.dev/v1alpha1
      kind: Workspace
      metadata:
        name: analytics
        uid: 0d5f3c2a-ws00-4000-8000-000000000001
      spec:
        namespace: analytics-ns
        catalogs:
          - name: lakehouse
            type: IcebergRest
            uri: http://polaris.catalogs:8181/api/catalog
            warehouse: main
            default: true
            credentials:
              secretName: polaris-oauth
              tokenKey: token
        storage:
          s3:
            endpoint: http://minio.storage:9000
            pathStyleAccess: true
            credentials:
              secretName: lakehouse-s3
      """;

  static final String CLUSTER =
      """
      apiVersion: lakehouse.dev/v1alpha1
      kind: Cluster
      metadata:
        name: etl
        namespace: analytics-ns
        uid: 7c1e9a40-cl00-4000-8000-000000000002
      spec:
        runtimeVersion: spark-3.5
        driver:
          cores: 2
          memory: 3Gi
        workers: 2
        env:
          - name: TEAM
            value: analytics
        libraries:
          - maven:
              coordinates: org.postgresql:postgresql:42.7.4
          - pypi:
              package: simplejson==3.19.3
      """;

  static final String RUN =
      """
      apiVersion: lakehouse.dev/v1alpha1
      kind: JobRun
      metadata:
        name: daily-orders-202601060030
        namespace: analytics-ns
        uid: 9a0b7c6d-run0-4000-8000-000000000003
      spec:
        job: daily-orders
        trigger: Schedule
        scheduledTime: "2026-01-05T23:30:00Z"
      """;

  private TaskFixtures() {}

  static Workspace workspace() {
    return SERIALIZATION.unmarshal(WORKSPACE, Workspace.class);
  }

  static Cluster cluster() {
    return cluster(CLUSTER);
  }

  static Cluster cluster(String yaml) {
    return SERIALIZATION.unmarshal(yaml, Cluster.class);
  }

  static EngineModel engine(Cluster cluster) {
    return EngineModel.of(
        EngineDescription.of(cluster),
        workspace(),
        RuntimeVersions.bundled().resolve("spark-3.5"),
        IMAGE_REPOSITORY,
        "IfNotPresent");
  }

  static JobRun run() {
    return SERIALIZATION.unmarshal(RUN, JobRun.class);
  }

  /** One task, written as the YAML of a Job's spec.tasks entry (indented by two spaces). */
  static Task task(String yaml) {
    String job =
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata:
          name: daily-orders
          namespace: analytics-ns
        spec:
          existingCluster: etl
          tasks:
        """
            + yaml.stripIndent()
                .lines()
                .map(l -> "      " + l)
                .reduce("", (a, b) -> a + b + "\n")
                .replaceFirst("^      ", "    - ");
    return SERIALIZATION.unmarshal(job, Job.class).getSpec().tasks.get(0);
  }

  static Map<String, String> parameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("source", "s3a://raw/orders/{{run.date}}");
    p.put("region", "emea");
    return p;
  }

  /** The third attempt of a scheduled run's task on the Cluster etl. */
  static TaskAttempt attempt(Task task) {
    return attempt(task, parameters(), engine(cluster()));
  }

  static TaskAttempt attempt(Task task, Map<String, String> parameters, EngineModel engine) {
    return new TaskAttempt(
        run(),
        "daily-orders",
        "daily-orders-202601060030",
        RunTrigger.Schedule,
        SCHEDULED,
        STARTED,
        "Europe/Paris",
        task,
        3,
        null,
        "daily-orders-202601060030-" + task.key + "-3",
        parameters,
        engine,
        "analytics");
  }

  static TaskChildren build(String taskYaml) {
    return TaskJobs.build(attempt(task(taskYaml)));
  }

  static PodSpec pod(TaskChildren children) {
    return children.job().getSpec().getTemplate().getSpec();
  }

  static Container container(TaskChildren children) {
    List<Container> containers = pod(children).getContainers();
    return containers.get(0);
  }

  /** The container's literal environment, by name. */
  static Map<String, String> env(TaskChildren children) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : container(children).getEnv()) {
      if (e.getValueFrom() == null) {
        env.put(e.getName(), e.getValue());
      }
    }
    return env;
  }
}
