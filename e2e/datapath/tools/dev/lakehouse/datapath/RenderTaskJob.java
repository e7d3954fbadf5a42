package dev.lakehouse.datapath;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobRunSpec;
import dev.lakehouse.api.v1alpha1.RunTrigger;
import dev.lakehouse.api.v1alpha1.Task;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.engine.EngineDescription;
import dev.lakehouse.operator.engine.EngineModel;
import dev.lakehouse.operator.job.tasks.InvalidTaskException;
import dev.lakehouse.operator.job.tasks.TaskAttempt;
import dev.lakehouse.operator.job.tasks.TaskChildren;
import dev.lakehouse.operator.job.tasks.TaskJobs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Command line of the operator's {@link TaskJobs}, for the data-path suite (not part of the
 * operator): builds the batch Job of one task attempt of a Job manifest, against a Workspace and a
 * Cluster manifest, exactly as the Job controller would, so the suite can run its container's
 * command with the launcher against the real engine.
 *
 * <pre>
 * java -cp ... dev.lakehouse.datapath.RenderTaskJob \
 *     --workspace ws.yaml --cluster cluster.yaml --job job.yaml --task KEY --out DIR \
 *     [--runtime-table runtimes.properties] [--run NAME] [--trigger Schedule|Manual]
 *     [--scheduled-time RFC3339] [--start RFC3339] [--zone IANA] [--attempt N] [--parameter k=v]...
 * </pre>
 *
 * Writes DIR/job.yaml (the batch Job), DIR/configmap.yaml and DIR/files/KEY (the attempt's
 * ConfigMap and its files, when it has one) and prints one JSON line: the batch Job's name, the
 * container's args, its literal env (in order), the variables it takes from Secrets or the pod
 * ({@code valueFrom}), the pod's mounts (path to the volume's source), and DIR/files. A task that
 * cannot run as written exits 3 with the builder's message.
 */
public final class RenderTaskJob {
  private RenderTaskJob() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new LinkedHashMap<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        usage(args[i] + " needs a value");
      }
      if (args[i].equals("--parameter")) {
        String[] kv = args[i + 1].split("=", 2);
        overrides.put(kv[0], kv.length > 1 ? kv[1] : "");
      } else {
        a.put(args[i], args[i + 1]);
      }
    }
    for (String required : new String[] {"--workspace", "--cluster", "--job", "--task", "--out"}) {
      if (!a.containsKey(required)) {
        usage(required + " is required");
      }
    }
    KubernetesSerialization serialization = new KubernetesSerialization();
    Workspace workspace = read(serialization, a.get("--workspace"), Workspace.class);
    Cluster cluster = read(serialization, a.get("--cluster"), Cluster.class);
    Job job = read(serialization, a.get("--job"), Job.class);
    RuntimeVersions runtimes;
    if (a.containsKey("--runtime-table")) {
      try (Reader r = Files.newBufferedReader(Path.of(a.get("--runtime-table")))) {
        runtimes = RuntimeVersions.read(r);
      }
    } else {
      runtimes = RuntimeVersions.bundled();
    }
    EngineModel engine =
        EngineModel.of(
            EngineDescription.of(cluster),
            workspace,
            runtimes.resolve(cluster.getSpec().runtimeVersion),
            "ghcr.io/lakehouse-dev/lakehouse-runtime",
            "IfNotPresent");

    Task task =
        job.getSpec().tasks.stream()
            .filter(t -> t.key.equals(a.get("--task")))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no task " + a.get("--task")));
    RunTrigger trigger = RunTrigger.valueOf(a.getOrDefault("--trigger", "Schedule"));
    Instant scheduled =
        a.containsKey("--scheduled-time") ? Instant.parse(a.get("--scheduled-time")) : null;
    Instant start =
        a.containsKey("--start")
            ? Instant.parse(a.get("--start"))
            : scheduled != null ? scheduled : Instant.now();
    String runName = a.getOrDefault("--run", job.getMetadata().getName() + "-datapath");
    int attemptNumber = Integer.parseInt(a.getOrDefault("--attempt", "1"));
    JobRun run = new JobRun();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName(runName)
            .withNamespace(job.getMetadata().getNamespace())
            .withUid(UUID.nameUUIDFromBytes(runName.getBytes(StandardCharsets.UTF_8)).toString())
            .build());
    run.setSpec(new JobRunSpec());
    run.getSpec().job = job.getMetadata().getName();
    run.getSpec().trigger = trigger;
    Map<String, String> parameters = new LinkedHashMap<>();
    if (job.getSpec().parameters != null) {
      parameters.putAll(job.getSpec().parameters);
    }
    parameters.putAll(overrides);
    String attemptName = runName + "-" + task.key + "-" + attemptNumber;
    attemptName = attemptName.length() <= 63 ? attemptName : attemptName.substring(0, 63);
    TaskAttempt attempt =
        new TaskAttempt(
            run,
            job.getMetadata().getName(),
            runName,
            trigger,
            scheduled,
            start,
            a.getOrDefault(
                "--zone",
                job.getSpec().schedule == null ? null : job.getSpec().schedule.timeZone),
            task,
            attemptNumber,
            null,
            attemptName,
            parameters,
            engine,
            workspace.getMetadata().getName());

    TaskChildren children;
    try {
      children = TaskJobs.build(attempt);
    } catch (InvalidTaskException e) {
      System.err.println("RenderTaskJob: " + e.getMessage());
      System.exit(3);
      return;
    }
    Path out = Path.of(a.get("--out"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("job.yaml"), serialization.asYaml(children.job()));
    Path files = out.resolve("files");
    Files.createDirectories(files);
    if (children.files().isPresent()) {
      Files.writeString(
          out.resolve("configmap.yaml"), serialization.asYaml(children.files().get()));
      for (Map.Entry<String, String> f : children.files().get().getData().entrySet()) {
        Files.writeString(files.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
      }
    }

    Container container = children.job().getSpec().getTemplate().getSpec().getContainers().get(0);
    ObjectMapper json = new ObjectMapper();
    ObjectNode line = json.createObjectNode();
    line.put("job", children.job().getMetadata().getName());
    container.getArgs().forEach(line.putArray("args")::add);
    ObjectNode env = line.putObject("env");
    ObjectNode valueFrom = line.putObject("valueFrom");
    for (EnvVar e : container.getEnv()) {
      if (e.getValueFrom() == null) {
        env.put(e.getName(), e.getValue());
      } else if (e.getValueFrom().getSecretKeyRef() != null) {
        valueFrom.put(
            e.getName(),
            "secret:"
                + e.getValueFrom().getSecretKeyRef().getName()
                + "/"
                + e.getValueFrom().getSecretKeyRef().getKey());
      } else if (e.getValueFrom().getFieldRef() != null) {
        valueFrom.put(e.getName(), "field:" + e.getValueFrom().getFieldRef().getFieldPath());
      }
    }
    ObjectNode mounts = line.putObject("mounts");
    for (VolumeMount m : container.getVolumeMounts()) {
      Volume v =
          children.job().getSpec().getTemplate().getSpec().getVolumes().stream()
              .filter(x -> x.getName().equals(m.getName()))
              .findFirst()
              .orElseThrow();
      mounts.put(
          m.getMountPath(),
          v.getConfigMap() != null
              ? "configMap:" + v.getConfigMap().getName()
              : v.getSecret() != null ? "secret:" + v.getSecret().getSecretName() : "emptyDir");
    }
    line.put("filesDir", files.toAbsolutePath().toString());
    System.out.println(json.writeValueAsString(line));
  }

  private static <T> T read(KubernetesSerialization serialization, String file, Class<T> type)
      throws IOException {
    try (var in = Files.newInputStream(Path.of(file))) {
      return serialization.unmarshal(in, type);
    }
  }

  private static void usage(String problem) {
    System.err.println("RenderTaskJob: " + problem);
    System.err.println(
        "usage: RenderTaskJob --workspace ws.yaml --cluster cluster.yaml --job job.yaml --task KEY"
            + " --out DIR [--runtime-table runtimes.properties] [--run NAME]"
            + " [--trigger Schedule|Manual] [--scheduled-time RFC3339] [--start RFC3339]"
            + " [--zone IANA] [--attempt N] [--parameter k=v]...");
    System.exit(2);
  }
}
