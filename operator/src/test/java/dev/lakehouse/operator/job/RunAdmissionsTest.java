package dev.lakehouse.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobRunStatus;
import dev.lakehouse.api.v1alpha1.RunPhase;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Admission under maxConcurrentRuns when the runs of one Job reconcile side by side, each reading
 * the others from a cache that may lag behind what was just decided.
 */
class RunAdmissionsTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final String JOB = "analytics/daily";

  private final RunAdmissions admissions = new RunAdmissions();

  /** A run of Job daily created at 05:mm, in {@code phase} (null: no status yet). */
  private static JobRun run(String name, int minute, RunPhase phase) {
    JobRun run =
        YAML.unmarshal(
            """
            apiVersion: lakehouse.dev/v1alpha1
            kind: JobRun
            metadata:
              name: %s
              namespace: analytics
              uid: uid-%s
              creationTimestamp: "2026-12-01T05:%02d:00Z"
            spec: {job: daily, trigger: Manual}
            """
                .formatted(name, name, minute),
            JobRun.class);
    if (phase != null) {
      run.setStatus(new JobRunStatus());
      run.getStatus().phase = phase;
    }
    return run;
  }

  /** The same run as the cache shows it later, in another phase. */
  private static JobRun now(JobRun run, RunPhase phase) {
    JobRun later = YAML.unmarshal(YAML.asJson(run), JobRun.class);
    later.setStatus(new JobRunStatus());
    later.getStatus().phase = phase;
    return later;
  }

  private boolean admit(JobRun run, List<JobRun> cache, int limit) {
    return admissions.admit(JOB, run, cache, limit);
  }

  @Nested
  class UnderTheLimit {
    @Test
    void aLoneRunIsAdmitted() {
      JobRun run = run("a", 0, null);

      assertThat(admit(run, List.of(run), 1)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
        value = RunPhase.class,
        names = {"Pending", "Running", "Terminating"})
    void aRunInProgressTakesAPlace(RunPhase phase) {
      JobRun busy = run("busy", 0, phase);
      JobRun next = run("next", 1, null);

      assertThat(admit(next, List.of(busy, next), 1)).isFalse();
      assertThat(admit(next, List.of(busy, next), 2)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
        value = RunPhase.class,
        names = {"Succeeded", "SucceededWithFailures", "Failed", "TimedOut", "Canceled", "Skipped"})
    void anEndedRunTakesNoPlace(RunPhase phase) {
      JobRun done = run("done", 0, phase);
      JobRun next = run("next", 1, null);

      assertThat(admit(next, List.of(done, next), 1)).isTrue();
    }

    @Test
    void moreRunsInProgressThanTheLimitLetNobodyIn() {
      // maxConcurrentRuns was lowered while two runs ran.
      List<JobRun> cache =
          List.of(run("a", 0, RunPhase.Running), run("b", 1, RunPhase.Running), run("c", 2, null));

      assertThat(admit(cache.get(2), cache, 1)).isFalse();
    }
  }

  @Nested
  class OldestFirst {
    @Test
    void theOldestWaitingRunIsAdmittedWhoeverAsksFirst() {
      JobRun older = run("older", 0, RunPhase.Queued);
      JobRun younger = run("younger", 1, RunPhase.Queued);
      List<JobRun> cache = List.of(younger, older);

      assertThat(admit(younger, cache, 1)).isFalse();
      assertThat(admit(older, cache, 1)).isTrue();
      assertThat(admit(younger, cache, 1)).isFalse();
    }

    @Test
    void runsCreatedInTheSameSecondGoByName() {
      JobRun b = run("daily-b", 0, null);
      JobRun a = run("daily-a", 0, null);
      List<JobRun> cache = List.of(b, a);

      assertThat(admit(b, cache, 1)).isFalse();
      assertThat(admit(a, cache, 1)).isTrue();
    }

    @Test
    void withTwoPlacesTheTwoOldestGoIn() {
      List<JobRun> cache =
          List.of(
              run("running", 0, RunPhase.Running),
              run("w1", 1, RunPhase.Queued),
              run("w2", 2, RunPhase.Queued),
              run("w3", 3, RunPhase.Queued));

      assertThat(admit(cache.get(3), cache, 3)).isFalse();
      assertThat(admit(cache.get(2), cache, 3)).isTrue();
      assertThat(admit(cache.get(1), cache, 3)).isTrue();
      assertThat(admit(cache.get(3), cache, 3)).isFalse();
    }

    @Test
    void whateverOrderTheyAskInTheOldestAreAdmittedAndNeverMoreThanTheLimit() {
      Random random = new Random(20261201);
      for (int round = 0; round < 50; round++) {
        RunAdmissions fresh = new RunAdmissions();
        List<JobRun> cache = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          cache.add(run("run-" + i, i, null));
        }
        List<JobRun> asking = new ArrayList<>(cache);
        Collections.shuffle(asking, random);

        // The cache never catches up: every run still shows no status.
        TreeSet<String> admitted = new TreeSet<>();
        for (int pass = 0; pass < 2; pass++) {
          for (JobRun run : asking) {
            if (fresh.admit(JOB, run, cache, 3)) {
              admitted.add(run.getMetadata().getName());
            }
          }
        }

        assertThat(admitted)
            .as("round %d, asked in %s", round, names(asking))
            .containsExactly("run-0", "run-1", "run-2");
      }
    }
  }

  @Nested
  class StaleCache {
    @Test
    void anAdmittedRunHoldsItsPlaceUntilTheCacheShowsItStarted() {
      JobRun a = run("a", 0, null);
      JobRun b = run("b", 1, null);
      List<JobRun> stale = List.of(a, b);

      assertThat(admit(a, stale, 1)).isTrue();
      // b reads a cache that does not show a started yet: the memory of a keeps b out.
      assertThat(admit(b, stale, 1)).isFalse();
      assertThat(admit(b, List.of(b), 1))
          .as("a missing from the cache is forgotten (it was deleted)")
          .isTrue();
    }

    @Test
    void anAdmittedRunAsksAgainAndIsStillAdmitted() {
      JobRun a = run("a", 1, null);
      JobRun b = run("b", 0, RunPhase.Queued);

      // b is older but only a is in the cache when it asks.
      assertThat(admit(a, List.of(a), 1)).isTrue();
      assertThat(admit(a, List.of(a, b), 1)).isTrue();
      assertThat(admit(b, List.of(a, b), 1)).isFalse();
    }

    @Test
    void aRunIsCountedOnceWhenTheCacheShowsItStarted() {
      JobRun a = run("a", 0, null);
      JobRun b = run("b", 1, null);

      assertThat(admit(a, List.of(a, b), 2)).isTrue();
      // Now the cache shows a Pending: counted by its phase, no longer by memory.
      assertThat(admit(b, List.of(now(a, RunPhase.Pending), b), 2)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
        value = RunPhase.class,
        names = {"Succeeded", "Failed", "Canceled", "Skipped"})
    void anAdmittedRunThatEndedFreesItsPlace(RunPhase phase) {
      JobRun a = run("a", 0, null);
      JobRun b = run("b", 1, null);

      assertThat(admit(a, List.of(a, b), 1)).isTrue();
      assertThat(admit(b, List.of(now(a, phase), b), 1)).isTrue();
    }

    @Test
    void admissionsOfOneJobDoNotCountForAnother() {
      JobRun a = run("a", 0, null);
      JobRun b = run("b", 1, null);

      assertThat(admissions.admit("analytics/daily", a, List.of(a), 1)).isTrue();
      assertThat(admissions.admit("analytics/hourly", b, List.of(b), 1)).isTrue();
      assertThat(admissions.admit("other-namespace/daily", b, List.of(b), 1)).isTrue();
    }

    @Test
    void aForgottenJobStartsFromWhatTheCacheShows() {
      JobRun a = run("a", 1, null);
      JobRun older = run("older", 0, null);
      assertThat(admit(a, List.of(a), 1)).isTrue();
      assertThat(admit(older, List.of(a, older), 1)).isFalse();

      admissions.forget(JOB);

      assertThat(admit(older, List.of(a, older), 1)).isTrue();
    }
  }

  @Nested
  class RunsThatHoldAPlace {
    @Test
    void aPendingRunWaitingForItsClusterKeepsItsPlace() {
      // Admitted, recorded Pending (its job cluster starts), then reconciled again: the state
      // machine asks again until a task starts, and a run that holds a place must keep it.
      JobRun a = run("a", 0, null);
      JobRun b = run("b", 1, null);
      assertThat(admit(a, List.of(a, b), 1)).isTrue();

      JobRun pending = now(a, RunPhase.Pending);
      List<JobRun> cache = List.of(pending, b);

      assertThat(admit(pending, cache, 1)).isTrue();
      assertThat(admit(b, cache, 1)).isFalse();
      assertThat(admit(pending, cache, 1)).isTrue();
    }

    @Test
    void aPendingRunKeepsItsPlaceAfterAnOperatorRestart() {
      JobRun pending = run("a", 0, RunPhase.Pending);
      JobRun queued = run("b", 1, RunPhase.Queued);
      List<JobRun> cache = List.of(pending, queued);

      assertThat(new RunAdmissions().admit(JOB, pending, cache, 1)).isTrue();
    }

    @Test
    void aPendingRunKeepsItsPlaceWhenTheLimitIsLowered() {
      List<JobRun> cache = List.of(run("a", 0, RunPhase.Running), run("b", 1, RunPhase.Pending));

      assertThat(admit(cache.get(1), cache, 1)).isTrue();
    }
  }

  @Test
  void runsAskingAtTheSameTimeNeverGetMorePlacesThanTheLimit() throws Exception {
    List<JobRun> cache = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      cache.add(run("run-" + (char) ('a' + i), i, null));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> asks = new ArrayList<>();
      for (int pass = 0; pass < 3; pass++) {
        for (JobRun run : cache) {
          asks.add(() -> admissions.admit(JOB, run, cache, 4));
        }
      }
      TreeSet<String> admitted = new TreeSet<>();
      List<Future<Boolean>> answers = pool.invokeAll(asks);
      for (int i = 0; i < asks.size(); i++) {
        if (answers.get(i).get()) {
          admitted.add(cache.get(i % cache.size()).getMetadata().getName());
        }
      }

      assertThat(admitted).containsExactly("run-a", "run-b", "run-c", "run-d");
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> names(List<JobRun> runs) {
    return runs.stream().map(r -> r.getMetadata().getName()).toList();
  }
}
