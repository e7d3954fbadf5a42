package dev.lakehouse.operator.job;

import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.ClusterSpec;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobSpec;
import dev.lakehouse.api.v1alpha1.State;
import dev.lakehouse.operator.kube.Hashes;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Owners;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Optional;

/**
 * The job cluster of a run: a Cluster owned by the JobRun, made from the Job's jobCluster spec,
 * that lives as long as the run. Its auto-termination stays as the Job says, within the Workspace's
 * policy like every Cluster's; the Cluster controller does not apply it while the run is active (a
 * run may wait between retries), and the run deletes the Cluster when it ends.
 */
public final class JobClusters {
  /**
   * Longest name of a job cluster: its children's names must stay DNS labels of at most 63
   * characters, and the driver's StatefulSet ({@code <name>-driver}) at most 52: the StatefulSet
   * controller labels its pods {@code controller-revision-hash: <statefulset>-<hash>}, a hash of up
   * to 10 characters, and cannot create them when that label value is longer than 63
   * (kubernetes/kubernetes#64023).
   */
  static final int MAX_NAME = 52 - "-driver".length();

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

  /**
   * The Cluster a run's tasks run on: the Job's existing one, or the run's job cluster; empty
   * before the run has its copy of the Job's spec.
   */
  public static Optional<String> taskClusterOf(JobRun run) {
    JobSpec spec = run.getSpec().jobSpec;
    if (spec == null) {
      return Optional.empty();
    }
    return Optional.of(
        spec.existingCluster != null ? spec.existingCluster : name(run.getMetadata().getName()));
  }

  public static Cluster build(JobRun run, ClusterSpec jobCluster, String jobName) {
    ClusterSpec spec = JSON.unmarshal(JSON.asJson(jobCluster), ClusterSpec.class);
    spec.state = State.Running;
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
                    Labels.value(jobName),
                    Labels.RUN,
                    Labels.value(run.getMetadata().getName())))
            .withOwnerReferences(Owners.controlledBy(run))
            .build());
    cluster.setSpec(spec);
    return cluster;
  }
}
