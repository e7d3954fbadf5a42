package dev.lakehouse.operator.job.tasks;

import static dev.lakehouse.operator.job.tasks.TaskFixtures.NAMESPACE;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.SERIALIZATION;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.attempt;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.build;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.cluster;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.container;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.engine;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.env;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.pod;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.run;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.Task;
import dev.lakehouse.operator.cluster.ClusterChildren;
import dev.lakehouse.operator.cluster.ClusterModel;
import dev.lakehouse.operator.cluster.ClusterResources;
import dev.lakehouse.operator.engine.EngineModel;
import dev.lakehouse.operator.engine.pods.EnginePods;
import dev.lakehouse.operator.job.tasks.TaskCommand.TaskType;
import dev.lakehouse.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TaskJobsTest {

  static final String SQL =
      """
      key: quality
      timeoutSeconds: 900
      sql:
        query: SELECT count(*) FROM main.sales.orders WHERE day = '{{run.date}}' AND amount < 0
      """;

  static final String PYTHON =
      """
      key: ingest
      sparkPython:
        pythonFile: s3://analytics-code/ingest_orders.py
        parameters: ["--date", "{{run.date}}", "--source", "{{ parameters.source }}"]
      """;

  static final String JAR =
      """
      key: report
      sparkJar:
        mainClass: com.example.reports.Daily
        jar: s3a://analytics-code/reports.jar
        parameters: ["{{job.name}}", "{{task.key}}"]
      """;

  static final String DBT =
      """
      key: transform
      dbt:
        project: /opt/dbt/orders
        commands: ["dbt deps", "dbt build --select tag:{{parameters.region}}"]
        schema: analytics_{{parameters.region}}
      """;

  @Nested
  class TheBatchJob {
    @Test
    void isOneAttemptThatKubernetesNeverRetries() {
      TaskChildren children = build(SQL);
      var job = children.job();

      assertThat(job.getApiVersion()).isEqualTo("batch/v1");
      assertThat(job.getKind()).isEqualTo("Job");
      assertThat(job.getMetadata().getName()).isEqualTo("daily-orders-202601060030-quality-3");
      assertThat(job.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
      assertThat(job.getSpec().getBackoffLimit()).isZero();
      assertThat(pod(children).getRestartPolicy()).isEqualTo("Never");
      assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(900L);
      // the attempt's pod stays for kubectl logs until the run is deleted
      assertThat(job.getSpec().getTtlSecondsAfterFinished()).isNull();
      assertThat(job.getSpec().getParallelism()).isNull();
      assertThat(job.getSpec().getCompletions()).isNull();
    }

    @Test
    void hasNoDeadlineWithoutATimeout() {
      assertThat(build(PYTHON).job().getSpec().getActiveDeadlineSeconds()).isNull();
      assertThat(build(JAR.replace("key: report", "key: report\ntimeoutSeconds: 0")))
          .extracting(c -> c.job().getSpec().getActiveDeadlineSeconds())
          .isNull();
    }

    @Test
    void everyChildIsControlledByTheJobRun() {
      TaskChildren children = build(SQL);

      assertThat(children.all())
          .hasSize(2)
          .allSatisfy(
              child -> {
                assertThat(child.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
                assertThat(child.getMetadata().getOwnerReferences()).hasSize(1);
                OwnerReference owner = child.getMetadata().getOwnerReferences().get(0);
                assertThat(owner.getApiVersion()).isEqualTo("lakehouse.dev/v1alpha1");
                assertThat(owner.getKind()).isEqualTo("JobRun");
                assertThat(owner.getName()).isEqualTo("daily-orders-202601060030");
                assertThat(owner.getUid()).isEqualTo(run().getMetadata().getUid());
                assertThat(owner.getController()).isTrue();
                assertThat(owner.getBlockOwnerDeletion()).isTrue();
              });
    }

    @Test
    void filesComeBeforeTheJobThatMountsThem() {
      TaskChildren children = build(SQL);

      assertThat(children.all())
          .extracting(HasMetadata::getKind)
          .containsExactly("ConfigMap", "Job");
      assertThat(children.files().orElseThrow().getMetadata().getName())
          .isEqualTo(children.job().getMetadata().getName());
      assertThat(build(PYTHON).all()).extracting(HasMetadata::getKind).containsExactly("Job");
    }

    @Test
    void childrenCarryTheKitsLabelsAndTheAttempts() {
      TaskChildren children = build(SQL);

      assertThat(children.all())
          .allSatisfy(
              child ->
                  assertThat(child.getMetadata().getLabels())
                      .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR)
                      .containsEntry(Labels.PART_OF, "lakehouse")
                      .containsEntry(Labels.WORKSPACE, "analytics")
                      .containsEntry(Labels.COMPONENT, TaskJobs.ROLE)
                      .containsEntry(Labels.JOB, "daily-orders")
                      .containsEntry(Labels.RUN, "daily-orders-202601060030")
                      .containsEntry(Labels.TASK, "quality")
                      .containsEntry(Labels.ATTEMPT, "3")
                      // not a child of the Cluster: its informers and pruning never see it
                      .doesNotContainKey(Labels.CLUSTER));
    }

    @Test
    void longNamesAreShortenedInLabelsOnly() {
      String longJob = "j".repeat(200);
      Task task = task(PYTHON);
      TaskAttempt a = attempt(task);
      TaskAttempt longOne =
          new TaskAttempt(
              a.run(),
              longJob,
              longJob + "-202601060030",
              a.trigger(),
              a.scheduledTime(),
              a.runStart(),
              a.zone(),
              task,
              1,
              null,
              "attempt-1",
              a.parameters(),
              a.engine(),
              a.workspace());

      var labels = TaskJobs.build(longOne).job().getMetadata().getLabels();

      assertThat(labels.get(Labels.JOB)).hasSizeLessThanOrEqualTo(63).startsWith("jjjj");
      assertThat(labels.get(Labels.RUN))
          .hasSizeLessThanOrEqualTo(63)
          .isNotEqualTo(labels.get(Labels.JOB));
      assertThat(TaskJobs.command(longOne).env().get(TaskJobs.RUN))
          .isEqualTo(longJob + "-202601060030");
      assertThat(Labels.value("a_b.c-D")).isEqualTo("a_b.c-D");
      assertThat(Labels.value("-x" + "y".repeat(70) + "-"))
          .matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")
          .hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void aBatchJobNameLongerThanALabelValueIsAProgrammingError() {
      TaskAttempt a = attempt(task(SQL));
      TaskAttempt bad =
          new TaskAttempt(
              a.run(),
              a.jobName(),
              a.runName(),
              a.trigger(),
              a.scheduledTime(),
              a.runStart(),
              a.zone(),
              a.task(),
              a.attempt(),
              a.repair(),
              "x".repeat(64),
              a.parameters(),
              a.engine(),
              a.workspace());

      assertThatThrownBy(() -> TaskJobs.build(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .isNotInstanceOf(InvalidTaskException.class);
    }

    @Test
    void isAPureFunctionOfTheAttempt() {
      Task task = task(DBT);
      Map<String, String> forwards = new LinkedHashMap<>();
      forwards.put("a", "1");
      forwards.put("b", "2");
      forwards.put("c-d", "{{run.date}}");
      forwards.put("region", "emea");
      Map<String, String> backwards = new HashMap<>();
      backwards.put("c-d", "{{run.date}}");
      backwards.put("b", "2");
      backwards.put("a", "1");
      backwards.put("region", "emea");
      EngineModel engine = engine(cluster());

      TaskChildren one = TaskJobs.build(attempt(task, forwards, engine));
      TaskChildren two = TaskJobs.build(attempt(task, backwards, engine));

      assertThat(SERIALIZATION.asYaml(one.job())).isEqualTo(SERIALIZATION.asYaml(two.job()));
      assertThat(one).isEqualTo(two);
    }
  }

  @Nested
  class ThePod {
    @Test
    void isTheEnginesKindOfPodWithTheTaskRole() {
      PodTemplateSpec template = build(SQL).job().getSpec().getTemplate();

      assertThat(template.getMetadata().getLabels())
          .containsEntry(Labels.CLUSTER, "etl")
          .containsEntry(Labels.ROLE, TaskJobs.ROLE)
          .containsEntry(Labels.WORKSPACE, "analytics")
          .containsEntry(Labels.NAME, "spark")
          .containsEntry(Labels.TASK, "quality")
          .containsEntry(Labels.ATTEMPT, "3");
      // a batch Job's template never changes: no template hash, the configuration's hash is kept
      assertThat(template.getMetadata().getAnnotations())
          .containsKey(EnginePods.CONFIG_HASH)
          .doesNotContainKey(EnginePods.TEMPLATE_HASH);
      assertThat(template.getMetadata().getAnnotations().get(EnginePods.CONFIG_HASH))
          .isEqualTo(clusterDriver().getMetadata().getAnnotations().get(EnginePods.CONFIG_HASH));
    }

    @Test
    void meetsTheRestrictedPodSecurityProfile() {
      PodSpec pod = pod(build(DBT));
      Container c = container(build(DBT));

      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      assertThat(pod.getServiceAccountName()).isEqualTo(EnginePods.SERVICE_ACCOUNT);
      assertThat(pod.getAutomountServiceAccountToken()).isFalse();
      assertThat(pod.getHostNetwork()).isNull();
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(c.getSecurityContext().getPrivileged()).isNull();
      assertThat(pod.getVolumes())
          .allSatisfy(
              v ->
                  assertThat(
                          v.getConfigMap() != null
                              || v.getSecret() != null
                              || v.getEmptyDir() != null)
                      .isTrue());
    }

    @Test
    void mountsTheClustersConfigurationAndSecretsAsTheEnginesPodsHaveThem() {
      PodTemplateSpec driver = clusterDriver();
      Container connect = driver.getSpec().getContainers().get(1);
      TaskChildren children = build(SQL);

      List<Volume> task = pod(children).getVolumes();
      assertThat(task).containsAll(driver.getSpec().getVolumes());
      assertThat(task)
          .filteredOn(v -> !driver.getSpec().getVolumes().contains(v))
          .extracting(Volume::getName)
          .containsExactly("task-files");
      List<VolumeMount> mounts = container(children).getVolumeMounts();
      assertThat(mounts).containsAll(connect.getVolumeMounts());
      assertThat(mounts)
          .filteredOn(m -> m.getMountPath().equals(TaskJobs.FILES_DIR))
          .singleElement()
          .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
      assertThat(task)
          .filteredOn(v -> v.getConfigMap() != null)
          .extracting(v -> v.getConfigMap().getName())
          .containsExactly("etl-config", "daily-orders-202601060030-quality-3");
      assertThat(mounts)
          .extracting(VolumeMount::getMountPath)
          .contains(EnginePods.CONF_DIR, EnginePods.SECRETS_DIR + "/polaris-oauth");
    }

    @Test
    void hasTheEnginesEnvironmentCredentialsOnlyAsSecretReferences() {
      Container connect = clusterDriver().getSpec().getContainers().get(1);
      Container task = container(build(PYTHON));

      Map<String, EnvVar> engine = byName(connect.getEnv());
      Map<String, EnvVar> mine = byName(task.getEnv());
      // every variable of the engine's driver, with its value, except the Cluster's pip packages,
      // which the task's add to
      engine.forEach(
          (name, e) -> {
            if (!name.equals(TaskJobs.PYTHON_PACKAGES)) {
              assertThat(mine.get(name)).as(name).isEqualTo(e);
            }
          });
      assertThat(mine.get("LAKEHOUSE_MASTER_URL").getValue())
          .isEqualTo("spark://etl-driver.analytics-ns.svc:7077");
      assertThat(mine.get("AWS_SECRET_ACCESS_KEY").getValue()).isNull();
      assertThat(mine.get("AWS_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getName())
          .isEqualTo("lakehouse-s3");
      assertThat(mine.get("POD_IP").getValueFrom().getFieldRef().getFieldPath())
          .isEqualTo("status.podIP");
      assertThat(task.getEnv())
          .extracting(EnvVar::getName)
          .doesNotHaveDuplicates()
          .contains("TEAM", "SPARK_CONF_DIR", "LAKEHOUSE_SECRETS_DIR");
    }

    @Test
    void runsTheLauncherWithTheDriversSize() {
      Container c = container(build(JAR));

      assertThat(c.getName()).isEqualTo(TaskJobs.CONTAINER);
      assertThat(c.getImage()).isEqualTo("ghcr.io/lakehouse/runtime:spark-3.5");
      assertThat(c.getCommand()).isNullOrEmpty(); // the image's entrypoint: the launcher
      assertThat(c.getArgs()).first().isEqualTo("submit");
      assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("2");
      assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("3Gi");
      assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("3Gi");
    }

    @Test
    void theTasksVariablesWinOverTheClustersOfTheSameName() {
      Cluster cluster =
          cluster(
              TaskFixtures.CLUSTER.replace(
                  "        - name: TEAM\n",
                  "        - name: LAKEHOUSE_PARAM_REGION\n"
                      + "          value: from-the-cluster\n"
                      + "        - name: TEAM\n"));

      Container c =
          container(TaskJobs.build(attempt(task(SQL), TaskFixtures.parameters(), engine(cluster))));

      assertThat(c.getEnv())
          .filteredOn(e -> e.getName().equals("LAKEHOUSE_PARAM_REGION"))
          .singleElement()
          .extracting(EnvVar::getValue)
          .isEqualTo("emea");
    }
  }

  @Nested
  class Commands {
    @Test
    void inlineSqlIsAFileOfTheAttemptWithItsReferencesReplaced() {
      TaskChildren children = build(SQL);
      ConfigMap files = children.files().orElseThrow();

      assertThat(files.getData())
          .containsOnlyKeys(TaskJobs.QUERY_FILE)
          .containsEntry(
              TaskJobs.QUERY_FILE,
              "SELECT count(*) FROM main.sales.orders WHERE day = '2026-01-06' AND amount < 0");
      assertThat(container(children).getArgs()).containsExactly("submit");
      assertThat(env(children))
          .containsEntry(TaskJobs.TASK_TYPE, "sql")
          .containsEntry(TaskJobs.SQL_FILE, "/etc/lakehouse/task/query.sql")
          .containsEntry(TaskJobs.APP_NAME, "daily-orders-202601060030/quality (attempt 3)")
          .containsEntry(TaskJobs.JOB, "daily-orders")
          .containsEntry(TaskJobs.RUN, "daily-orders-202601060030")
          .containsEntry(TaskJobs.TASK, "quality")
          .containsEntry(TaskJobs.ATTEMPT, "3");
    }

    @Test
    void aSqlFileIsReadWhereItIs() {
      String file = "key: quality\nsql:\n  file: %s\n";
      assertThat(command(file.formatted("local:///opt/sql/q.sql")).env())
          .containsEntry(TaskJobs.SQL_FILE, "/opt/sql/q.sql");
      assertThat(command(file.formatted("file:///opt/sql/q.sql")).env())
          .containsEntry(TaskJobs.SQL_FILE, "/opt/sql/q.sql");
      assertThat(command(file.formatted("s3://code/{{job.name}}/q.sql")).env())
          .containsEntry(TaskJobs.SQL_FILE, "s3a://code/daily-orders/q.sql");
      assertThat(command(file.formatted("s3a://code/q.sql")).files()).isEmpty();
      assertThat(build(file.formatted("s3a://code/q.sql")).files()).isEmpty();
    }

    @Test
    void sparkPythonSubmitsTheFileWithItsParameters() {
      TaskCommand c = command(PYTHON);

      assertThat(c.type()).isEqualTo(TaskType.PYTHON);
      assertThat(c.args())
          .containsExactly(
              "submit",
              "s3a://analytics-code/ingest_orders.py",
              "--date",
              "2026-01-06",
              "--source",
              "s3a://raw/orders/2026-01-06");
      assertThat(c.env()).containsEntry(TaskJobs.TASK_TYPE, "python");
      assertThat(c.files()).isEmpty();
    }

    @Test
    void sparkJarSubmitsTheMainClass() {
      TaskCommand c = command(JAR);

      assertThat(c.args())
          .containsExactly(
              "submit",
              "--class",
              "com.example.reports.Daily",
              "s3a://analytics-code/reports.jar",
              "daily-orders",
              "report");
      assertThat(c.env()).containsEntry(TaskJobs.TASK_TYPE, "jar");
    }

    @Test
    void dbtRunsItsCommandsInOrderWithTheParametersAsVars() {
      TaskCommand c = command(DBT);

      // the Cluster's libraries are in its spark-defaults already: only a task's own are passed
      assertThat(c.args()).containsExactly("submit");
      assertThat(c.env())
          .containsEntry(TaskJobs.TASK_TYPE, "dbt")
          .containsEntry(TaskJobs.DBT_PROJECT, "/opt/dbt/orders")
          .containsEntry(TaskJobs.DBT_COMMANDS, "[\"dbt deps\",\"dbt build --select tag:emea\"]")
          .containsEntry(TaskJobs.DBT_SCHEMA, "analytics_emea")
          .containsEntry(
              TaskJobs.DBT_VARS, "{\"region\":\"emea\",\"source\":\"s3a://raw/orders/2026-01-06\"}")
          .containsEntry(TaskJobs.PYTHON_PACKAGES, "simplejson==3.19.3");
    }

    @Test
    void dbtDefaultsToBuildAndLeavesItsOwnJinjaAlone() {
      TaskCommand c =
          command(
              """
              key: transform
              dbt:
                project: local:///opt/dbt/orders
              """);
      assertThat(c.env())
          .containsEntry(TaskJobs.DBT_PROJECT, "/opt/dbt/orders")
          .containsEntry(TaskJobs.DBT_COMMANDS, "[\"dbt build\"]")
          .doesNotContainKey(TaskJobs.DBT_SCHEMA);

      TaskCommand jinja =
          command(
              """
              key: transform
              dbt:
                project: /opt/dbt/orders
                commands: ["dbt run --vars '{day: \\"{{ run_started_at }}\\"}' --select {{ var('m') }}"]
              """);
      assertThat(jinja.env().get(TaskJobs.DBT_COMMANDS))
          .contains("{{ run_started_at }}")
          .contains("{{ var('m') }}");
    }

    @Test
    void everyTaskGetsTheParametersAsVariables() {
      for (String t : List.of(SQL, PYTHON, JAR, DBT)) {
        assertThat(command(t).env())
            .as(t)
            .containsEntry("LAKEHOUSE_PARAM_SOURCE", "s3a://raw/orders/2026-01-06")
            .containsEntry("LAKEHOUSE_PARAM_REGION", "emea");
      }
      assertThat(TaskJobs.parameterVariable("source-path.v2"))
          .isEqualTo("LAKEHOUSE_PARAM_SOURCE_PATH_V2");
      assertThat(TaskJobs.parameterVariable("déjà vu")).isEqualTo("LAKEHOUSE_PARAM_D_J__VU");
    }

    @Test
    void twoParametersOfOneVariableAreRefused() {
      Map<String, String> clash = new TreeMap<>(Map.of("run-date", "a", "run_date", "b"));

      assertThatThrownBy(() -> TaskJobs.command(attempt(task(SQL), clash, engine(cluster()))))
          .isInstanceOf(InvalidTaskException.class)
          .hasMessageContaining("'run-date' and 'run_date'")
          .hasMessageContaining("LAKEHOUSE_PARAM_RUN_DATE");
      assertThatThrownBy(
              () -> TaskJobs.command(attempt(task(SQL), Map.of("", "x"), engine(cluster()))))
          .isInstanceOf(InvalidTaskException.class)
          .hasMessageContaining("empty name");
    }

    @Test
    void warehousesAreNotSupportedYet() {
      assertThatThrownBy(
              () ->
                  command(
                      """
                      key: transform
                      dbt:
                        project: /opt/dbt/orders
                        warehouse: bi
                      """))
          .isInstanceOf(InvalidTaskException.class)
          .hasMessageContaining("dbt.warehouse is not supported yet")
          .hasMessageContaining("remove it");
      assertThatThrownBy(() -> command(SQL.replace("sql:\n", "sql:\n  warehouse: bi\n")))
          .isInstanceOf(InvalidTaskException.class)
          .hasMessageContaining("sql.warehouse is not supported yet");
    }

    @Test
    void sqlTasksNeedARuntimeWithSparksSqlCli() {
      Cluster spark4 =
          cluster(
              TaskFixtures.CLUSTER.replace(
                  "runtimeVersion: spark-3.5", "runtimeVersion: spark-4.0"));
      EngineModel engine =
          EngineModel.of(
              dev.lakehouse.operator.engine.EngineDescription.of(spark4),
              TaskFixtures.workspace(),
              dev.lakehouse.api.runtime.RuntimeVersions.bundled().resolve("spark-4.0"),
              TaskFixtures.IMAGE_REPOSITORY,
              "IfNotPresent");

      assertThatThrownBy(() -> TaskJobs.command(attempt(task(SQL), Map.of(), engine)))
          .isInstanceOf(InvalidTaskException.class)
          .hasMessageContaining("runtime spark-4.0");
      assertThat(TaskJobs.command(attempt(task(DBT), Map.of("region", "x"), engine)).type())
          .isEqualTo(TaskType.DBT);
    }

    @Test
    void aDbtProjectIsAPathInTheImage() {
      assertThatThrownBy(() -> command("key: t\ndbt:\n  project: s3a://code/dbt/orders\n"))
          .isInstanceOf(InvalidTaskException.class)
          .hasMessageContaining("absolute path of the project in the engine image");
      assertThatThrownBy(() -> command("key: t\ndbt:\n  project: orders\n"))
          .isInstanceOf(InvalidTaskException.class);
    }

    @Test
    void everyTaskOfTheExampleJobBuilds() throws IOException {
      Path example = repoRoot().resolve("examples/jobs/daily-orders.yaml");
      Job job = SERIALIZATION.unmarshal(Files.readString(example), Job.class);

      Map<String, List<String>> args = new LinkedHashMap<>();
      for (Task t : job.getSpec().tasks) {
        TaskChildren children =
            TaskJobs.build(attempt(t, job.getSpec().parameters, engine(cluster())));
        args.put(t.key, container(children).getArgs());
      }

      assertThat(args.get("ingest"))
          .endsWith("s3a://analytics-code/ingest_orders.py", "--date", "2026-01-06");
      assertThat(args.get("report"))
          .endsWith("--class", "com.example.reports.Daily", "s3a://analytics-code/reports.jar");
      assertThat(args).containsOnlyKeys("ingest", "transform", "quality", "report");
    }
  }

  @Nested
  class Libraries {
    static final String WITH_LIBRARIES =
        """
        key: ingest
        sparkPython:
          pythonFile: local:///app/ingest.py
        libraries:
          - maven:
              coordinates: io.delta:delta-sharing-spark_2.12:3.3.0
              repository: https://repo.example.com/maven
              exclusions: ["org.slf4j:slf4j-api"]
          - maven:
              coordinates: org.postgresql:postgresql:42.7.4
          - jar: s3://libs/udfs.jar
          - pypi:
              package: requests==2.32.3
          - whl: https://files.example.com/helpers-1.0-py3-none-any.whl
        """;

    @Test
    void areAddedToTheClustersForTheAttempt() {
      TaskCommand c = command(WITH_LIBRARIES);

      assertThat(confs(c))
          .containsExactly(
              "spark.jars.packages=org.postgresql:postgresql:42.7.4,"
                  + "io.delta:delta-sharing-spark_2.12:3.3.0",
              "spark.jars.repositories=https://repo.example.com/maven",
              "spark.jars.excludes=org.slf4j:slf4j-api",
              "spark.jars=s3a://libs/udfs.jar");
      assertThat(c.env())
          .containsEntry(
              TaskJobs.PYTHON_PACKAGES,
              "simplejson==3.19.3 requests==2.32.3 "
                  + "https://files.example.com/helpers-1.0-py3-none-any.whl");
    }

    @Test
    void pipPackagesMatterOnlyToPythonAndDbt() {
      String sql =
          WITH_LIBRARIES.replace(
              "sparkPython:\n  pythonFile: local:///app/ingest.py", "sql:\n  query: SELECT 1");
      TaskCommand c = command(sql);

      // the Cluster's own value stays in the pod (every engine pod has it); the task's is not added
      assertThat(c.env()).doesNotContainKey(TaskJobs.PYTHON_PACKAGES);
      assertThat(env(build(sql))).containsEntry(TaskJobs.PYTHON_PACKAGES, "simplejson==3.19.3");
      assertThat(confs(c)).hasSize(4);
    }

    @Test
    void aClusterWithoutLibrariesPassesOnlyTheTasks() {
      Cluster plain =
          cluster(TaskFixtures.CLUSTER.substring(0, TaskFixtures.CLUSTER.indexOf("  libraries:")));
      TaskCommand none = TaskJobs.command(attempt(task(JAR), Map.of(), engine(plain)));
      TaskCommand some = TaskJobs.command(attempt(task(WITH_LIBRARIES), Map.of(), engine(plain)));

      assertThat(none.args()).doesNotContain("--conf");
      assertThat(none.env()).doesNotContainKey(TaskJobs.PYTHON_PACKAGES);
      assertThat(confs(some))
          .first()
          .isEqualTo(
              "spark.jars.packages=io.delta:delta-sharing-spark_2.12:3.3.0,org.postgresql:postgresql:42.7.4");
    }

    @Test
    void wheelsOnObjectStorageCannotBeInstalled() {
      assertThatThrownBy(
              () ->
                  command(
                      PYTHON + "libraries:\n  - whl: s3a://libs/helpers-1.0-py3-none-any.whl\n"))
          .isInstanceOf(InvalidTaskException.class)
          .hasMessageContaining("s3a://libs/helpers-1.0-py3-none-any.whl");
    }

    private static List<String> confs(TaskCommand c) {
      List<String> out = new java.util.ArrayList<>();
      for (int i = 0; i < c.args().size() - 1; i++) {
        if (c.args().get(i).equals("--conf")) {
          out.add(c.args().get(i + 1));
        }
      }
      return out;
    }
  }

  static TaskCommand command(String taskYaml) {
    return TaskJobs.command(attempt(task(taskYaml)));
  }

  /** The Cluster etl's driver pod, as the Cluster controller builds it. */
  static PodTemplateSpec clusterDriver() {
    Cluster cluster = cluster();
    ClusterChildren children =
        ClusterResources.build(
            new ClusterModel(cluster, engine(cluster), true, ClusterModel.fixedWorkers(cluster)));
    return children.driver().getSpec().getTemplate();
  }

  static Map<String, EnvVar> byName(List<EnvVar> env) {
    return env.stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e, (a, b) -> a, LinkedHashMap::new));
  }

  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("examples"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  static Set<String> names(List<EnvVar> env) {
    return env.stream().map(EnvVar::getName).collect(Collectors.toSet());
  }
}
