package dev.lakehouse.operator.job;

import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.RunPhase;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a run may start under its Job's maxConcurrentRuns. Runs of one Job reconcile in parallel
 * and each reads the others from a cache that may lag: so the runs admitted here are remembered
 * until the cache shows them started or ended (the expectations KubeRay keeps for its scale
 * decisions), and waiting runs are admitted oldest first (a Queue is first in, first out).
 */
public class RunAdmissions {
  private final Map<String, Set<String>> admitted = new HashMap<>();

  /**
   * @param job the Job's namespace/name
   * @param run the run that asks
   * @param runs every run of the Job in the cache, the asking one included
   * @param limit the Job's maxConcurrentRuns
   */
  public synchronized boolean admit(String job, JobRun run, Collection<JobRun> runs, int limit) {
    Set<String> remembered = admitted.computeIfAbsent(job, k -> new HashSet<>());
    Map<String, JobRun> byUid = new HashMap<>();
    runs.forEach(r -> byUid.put(r.getMetadata().getUid(), r));
    // Forget what the cache now shows: started runs count by themselves, ended ones not at all.
    remembered.removeIf(
        uid -> !byUid.containsKey(uid) || started(byUid.get(uid)) || ended(byUid.get(uid)));
    String uid = run.getMetadata().getUid();
    if (remembered.contains(uid) || started(run) || started(byUid.getOrDefault(uid, run))) {
      // It holds its place: admitted earlier, or started (a Pending run asks again while its
      // cluster starts, and must not be queued or skipped by its own place).
      return true;
    }
    long active = runs.stream().filter(RunAdmissions::started).count() + remembered.size();
    List<JobRun> waiting =
        runs.stream()
            .filter(r -> !started(r) && !ended(r) && !remembered.contains(r.getMetadata().getUid()))
            .sorted(
                Comparator.comparing((JobRun r) -> r.getMetadata().getCreationTimestamp())
                    .thenComparing(r -> r.getMetadata().getName()))
            .toList();
    long places = limit - active;
    boolean first =
        waiting.stream()
            .limit(Math.max(0, places))
            .anyMatch(r -> uid.equals(r.getMetadata().getUid()));
    if (first) {
      remembered.add(uid);
    }
    return first;
  }

  /** Forgets a Job's runs (the Job is gone). */
  public synchronized void forget(String job) {
    admitted.remove(job);
  }

  static boolean started(JobRun run) {
    RunPhase phase = run.getStatus() == null ? null : run.getStatus().phase;
    return phase == RunPhase.Pending || phase == RunPhase.Running || phase == RunPhase.Terminating;
  }

  static boolean ended(JobRun run) {
    RunPhase phase = run.getStatus() == null ? null : run.getStatus().phase;
    return phase != null && phase.terminal();
  }
}
