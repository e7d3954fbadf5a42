package dev.lakehouse.operator.job.tasks;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The children of one task attempt, owned by the JobRun.
 *
 * @param job the batch/v1 Job that runs the attempt (one pod, never restarted)
 * @param files the files the attempt's pod mounts at {@link TaskJobs#FILES_DIR} (an inline SQL
 *     task's statements), when it has any; named like the Job
 */
public record TaskChildren(Job job, Optional<ConfigMap> files) {

  /** Every child in the order to create them: the files before the Job whose pod mounts them. */
  public List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>(2);
    files.ifPresent(all::add);
    all.add(job);
    return List.copyOf(all);
  }
}
