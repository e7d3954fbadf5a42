package dev.lakehouse.operator.job;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterSpec;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.State;
import dev.lakehouse.operator.kube.Hashes;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Owners;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/**
 * The job cluster of a run: a Cluster owned by the JobRun, made from the Job's jobCluster spec,
 * that lives as long as the run (so its auto-termination is off: a run may wait between retries).
 */
public final class JobClusters {
  /**
   * Longest name of a job cluster: its children's names (the longest is {@code <name>-workers})
   * must stay DNS labels of at most 63 characters.
   */
  static final int MAX_NAME = 48;

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private JobClusters() {}

  /** The name of a run's job cluster: the run's name, or a prefix and a hash when it is long. */
  public static String name(String run) {
    if (run.length() <= MAX_NAME) {
      return run;
    }
    String prefix = run.substring(0, MAX_NAME - 11).replaceAll("-+$", "");
    return prefix + "-" + Hashes.of(run).substring(0, 10);
  }

  public static Cluster build(JobRun run, ClusterSpec jobCluster, String jobName) {
    ClusterSpec spec = JSON.unmarshal(JSON.asJson(jobCluster), ClusterSpec.class);
    spec.state = State.Running;
    spec.autoTerminationMinutes = 0;
    Cluster cluster = new Cluster();
    cluster.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(run.getMetadata().getName()))
            .withNamespace(run.getMetadata().getNamespace())
            .withLabels(
                Map.of(
                    Labels.MANAGED_BY,
                    Labels.OPERATOR,
                    Labels.JOB,
                    jobName,
                    Labels.RUN,
                    run.getMetadata().getName()))
            .withOwnerReferences(Owners.controlledBy(run))
            .build());
    cluster.setSpec(spec);
    return cluster;
  }
}
