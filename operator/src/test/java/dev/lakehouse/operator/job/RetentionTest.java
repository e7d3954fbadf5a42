package dev.lakehouse.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobRunStatus;
import dev.lakehouse.api.v1alpha1.JobSpec;
import dev.lakehouse.api.v1alpha1.RunPhase;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Which ended runs the history limits and the TTL delete. */
class RetentionTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

  /** A Job's spec with the given retention fields (YAML, may be empty). */
  private static JobSpec spec(String retention) {
    return YAML.unmarshal(
        """
        existingCluster: shared
        tasks:
          - {key: ingest, sql: {query: "select 1"}}
        """
            + retention,
        JobSpec.class);
  }

  /**
   * A run of Job daily created at {@code created}, in {@code phase} (null: no status yet), ended at
   * {@code ended} (null: no end recorded).
   */
  private static JobRun run(
      String name, String trigger, RunPhase phase, String created, String ended) {
    JobRun run =
        YAML.unmarshal(
            """
            apiVersion: lakehouse.dev/v1alpha1
            kind: JobRun
            metadata:
              name: %s
              namespace: analytics
              uid: uid-%s
              creationTimestamp: "%s"
            spec: {job: daily, trigger: %s}
            """
                .formatted(name, name, created, trigger),
            JobRun.class);
    if (phase != null) {
      run.setStatus(
          YAML.unmarshal(
              ended == null
                  ? "phase: " + phase
                  : "phase: %s\nendTime: \"%s\"\n".formatted(phase, ended),
              JobRunStatus.class));
    }
    return run;
  }

  /** A scheduled run that ended {@code ago} before NOW, created an hour before it ended. */
  private static JobRun ended(String name, RunPhase phase, Duration ago) {
    Instant end = NOW.minus(ago);
    return run(name, "Schedule", phase, end.minus(Duration.ofHours(1)).toString(), end.toString());
  }

  /** {@code count} runs in {@code phase}: name-1 ended 1 minute ago, name-2 2 minutes ago... */
  private static List<JobRun> history(String name, RunPhase phase, int count) {
    List<JobRun> runs = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      runs.add(ended(name + "-" + i, phase, Duration.ofMinutes(i)));
    }
    return runs;
  }

  private static List<String> deleted(JobSpec spec, List<JobRun> runs) {
    return Retention.judge(spec, runs, NOW).delete().stream()
        .map(r -> r.getMetadata().getName())
        .toList();
  }

  @Nested
  class HistoryLimits {
    @Test
    void tenOfEachAreKeptWhenTheLimitsAreUnset() {
      List<JobRun> runs = new ArrayList<>(history("ok", RunPhase.Succeeded, 12));
      runs.addAll(history("bad", RunPhase.Failed, 11));

      assertThat(deleted(spec(""), runs)).containsExactlyInAnyOrder("ok-11", "ok-12", "bad-11");
    }

    @Test
    void theNewestSuccessfulRunsAreKeptAndTheOlderOnesDeleted() {
      List<JobRun> runs = history("ok", RunPhase.Succeeded, 5);

      assertThat(deleted(spec("successfulRunsHistoryLimit: 2\n"), runs))
          .containsExactlyInAnyOrder("ok-3", "ok-4", "ok-5");
    }

    @Test
    void aRunThatSucceededWithFailuresCountsAsSuccessful() {
      List<JobRun> runs =
          List.of(
              ended("a", RunPhase.SucceededWithFailures, Duration.ofMinutes(1)),
              ended("b", RunPhase.Succeeded, Duration.ofMinutes(2)),
              ended("c", RunPhase.Failed, Duration.ofMinutes(3)));

      assertThat(deleted(spec("successfulRunsHistoryLimit: 1\nfailedRunsHistoryLimit: 1\n"), runs))
          .containsExactly("b");
    }

    @ParameterizedTest
    @EnumSource(
        value = RunPhase.class,
        names = {"Failed", "TimedOut", "Canceled", "Skipped"})
    void everyRunThatDidNotSucceedCountsAgainstTheFailedLimit(RunPhase phase) {
      List<JobRun> runs = new ArrayList<>(history("x", phase, 3));
      runs.add(ended("older-failure", RunPhase.Failed, Duration.ofHours(1)));
      runs.add(ended("ok", RunPhase.Succeeded, Duration.ofHours(2)));

      assertThat(deleted(spec("successfulRunsHistoryLimit: 1\nfailedRunsHistoryLimit: 2\n"), runs))
          .containsExactlyInAnyOrder("x-3", "older-failure");
    }

    @Test
    void manualRunsCountLikeScheduledOnes() {
      List<JobRun> runs =
          List.of(
              run(
                  "daily-manual-1",
                  "Manual",
                  RunPhase.Succeeded,
                  "2026-12-10T09:00:00Z",
                  "2026-12-10T11:00:00Z"),
              run(
                  "daily-202612100800",
                  "Schedule",
                  RunPhase.Succeeded,
                  "2026-12-10T08:00:00Z",
                  "2026-12-10T10:00:00Z"),
              run(
                  "by-hand",
                  "Manual",
                  RunPhase.Succeeded,
                  "2026-12-10T07:00:00Z",
                  "2026-12-10T09:00:00Z"));

      assertThat(deleted(spec("successfulRunsHistoryLimit: 1\n"), runs))
          .containsExactlyInAnyOrder("daily-202612100800", "by-hand");
    }

    @Test
    void theLimitsAreCountedApart() {
      List<JobRun> runs = new ArrayList<>(history("ok", RunPhase.Succeeded, 3));
      runs.addAll(history("bad", RunPhase.Failed, 3));

      assertThat(deleted(spec("successfulRunsHistoryLimit: 3\nfailedRunsHistoryLimit: 1\n"), runs))
          .containsExactlyInAnyOrder("bad-2", "bad-3");
    }

    @Test
    void aLimitOfZeroDeletesEveryEndedRunOfItsKind() {
      List<JobRun> runs = new ArrayList<>(history("ok", RunPhase.Succeeded, 2));
      runs.addAll(history("bad", RunPhase.Failed, 2));

      assertThat(deleted(spec("successfulRunsHistoryLimit: 0\n"), runs))
          .containsExactlyInAnyOrder("ok-1", "ok-2");
      assertThat(deleted(spec("failedRunsHistoryLimit: 0\n"), runs))
          .containsExactlyInAnyOrder("bad-1", "bad-2");
    }

    @Test
    void theOldestAreThoseThatEndedFirstWhateverTheirCreationOrName() {
      // b was created first but ended last: a long run outlives a short one started after it.
      List<JobRun> runs =
          List.of(
              run(
                  "b",
                  "Schedule",
                  RunPhase.Succeeded,
                  "2026-12-10T06:00:00Z",
                  "2026-12-10T11:00:00Z"),
              run(
                  "a",
                  "Schedule",
                  RunPhase.Succeeded,
                  "2026-12-10T07:00:00Z",
                  "2026-12-10T07:05:00Z"));

      assertThat(deleted(spec("successfulRunsHistoryLimit: 1\n"), runs)).containsExactly("a");
    }

    @Test
    void aRunWithoutAnEndTimeIsAgedByItsCreation() {
      List<JobRun> runs =
          List.of(
              run("skipped-early", "Schedule", RunPhase.Skipped, "2026-12-10T06:00:00Z", null),
              run(
                  "failed-late",
                  "Schedule",
                  RunPhase.Failed,
                  "2026-12-10T05:00:00Z",
                  "2026-12-10T08:00:00Z"),
              run("skipped-late", "Schedule", RunPhase.Skipped, "2026-12-10T09:00:00Z", null));

      assertThat(deleted(spec("failedRunsHistoryLimit: 2\n"), runs))
          .containsExactly("skipped-early");
    }

    @Test
    void theOrderOfTheListDoesNotMatter() {
      List<JobRun> runs = new ArrayList<>(history("ok", RunPhase.Succeeded, 8));
      runs.addAll(history("bad", RunPhase.Canceled, 8));
      JobSpec spec = spec("successfulRunsHistoryLimit: 3\nfailedRunsHistoryLimit: 5\n");
      List<String> expected = deleted(spec, runs);

      Random random = new Random(42);
      for (int i = 0; i < 20; i++) {
        Collections.shuffle(runs, random);
        assertThat(deleted(spec, runs)).containsExactlyInAnyOrderElementsOf(expected);
      }
      assertThat(expected)
          .containsExactlyInAnyOrder(
              "ok-4", "ok-5", "ok-6", "ok-7", "ok-8", "bad-6", "bad-7", "bad-8");
    }
  }

  @Nested
  class RunsThatAreNotChosen {
    @ParameterizedTest
    @EnumSource(
        value = RunPhase.class,
        names = {"Queued", "Pending", "Running", "Terminating"})
    void aRunInProgressIsNeverDeletedNorCounted(RunPhase phase) {
      // Started just now: were it counted, it would be the newest and push the failed run out.
      JobRun inProgress = run("in-progress", "Schedule", phase, "2026-12-10T11:59:00Z", null);
      JobRun failed = ended("failed", RunPhase.Failed, Duration.ofDays(1));
      List<JobRun> runs = List.of(inProgress, failed);

      assertThat(deleted(spec("successfulRunsHistoryLimit: 1\nfailedRunsHistoryLimit: 1\n"), runs))
          .isEmpty();
      assertThat(
              deleted(
                  spec(
                      "successfulRunsHistoryLimit: 0\nfailedRunsHistoryLimit: 0\n"
                          + "ttlSecondsAfterFinished: 0\n"),
                  runs))
          .containsExactly("failed");
    }

    @Test
    void aRunWithoutStatusIsNeverDeleted() {
      JobRun created = run("new", "Manual", null, "2025-01-01T00:00:00Z", null);

      assertThat(
              deleted(
                  spec(
                      "successfulRunsHistoryLimit: 0\nfailedRunsHistoryLimit: 0\nttlSecondsAfterFinished: 0\n"),
                  List.of(created)))
          .isEmpty();
    }

    @Test
    void anEndedRunWithARepairNotYetStartedIsKept() {
      JobRun repaired = ended("repaired", RunPhase.Failed, Duration.ofDays(30));
      dev.lakehouse.api.v1alpha1.Repair repair = new dev.lakehouse.api.v1alpha1.Repair();
      repair.id = 1;
      repaired.getSpec().repairs = List.of(repair);
      JobRun done = ended("done", RunPhase.Failed, Duration.ofDays(31));

      assertThat(
              deleted(
                  spec("failedRunsHistoryLimit: 0\nttlSecondsAfterFinished: 0\n"),
                  List.of(repaired, done)))
          .containsExactly("done");

      repaired.getStatus().repairId = 1;
      assertThat(deleted(spec("failedRunsHistoryLimit: 0\n"), List.of(repaired)))
          .as("once the repair started and the run ended again, it counts again")
          .containsExactly("repaired");
    }

    @Test
    void aRunAlreadyBeingDeletedIsNeitherDeletedAgainNorCounted() {
      JobRun going = ended("going", RunPhase.Succeeded, Duration.ofMinutes(1));
      going.getMetadata().setDeletionTimestamp("2026-12-10T11:59:59Z");
      List<JobRun> runs = List.of(going, ended("kept", RunPhase.Succeeded, Duration.ofMinutes(2)));

      assertThat(deleted(spec("successfulRunsHistoryLimit: 1\n"), runs)).isEmpty();
    }
  }

  @Nested
  class TimeToLive {
    @ParameterizedTest(name = "ended {0}s ago, ttl {1}s -> deleted: {2}")
    @CsvSource(
        textBlock =
            """
            # ended seconds ago, ttlSecondsAfterFinished, deleted
            3601,                3600,                    true
            3600,                3600,                    true
            3599,                3600,                    false
            0,                   0,                       true
            1,                   0,                       true
            86400,               31536000,                false
            """)
    void anEndedRunIsDeletedOnceItsTtlHasPassed(long ago, int ttl, boolean deleted) {
      JobRun run = ended("run", RunPhase.Succeeded, Duration.ofSeconds(ago));

      assertThat(deleted(spec("ttlSecondsAfterFinished: %d\n".formatted(ttl)), List.of(run)))
          .hasSize(deleted ? 1 : 0);
    }

    @Test
    void theTtlDeletesWithinTheHistoryLimitsToo() {
      List<JobRun> runs =
          List.of(
              ended("fresh", RunPhase.Succeeded, Duration.ofMinutes(5)),
              ended("stale", RunPhase.Failed, Duration.ofHours(2)));

      assertThat(deleted(spec("ttlSecondsAfterFinished: 3600\n"), runs)).containsExactly("stale");
    }

    @Test
    void theNextExpiryIsTheEarliestOfTheKeptRuns() {
      List<JobRun> runs =
          List.of(
              ended("ten-minutes", RunPhase.Succeeded, Duration.ofMinutes(10)),
              ended("forty-minutes", RunPhase.Failed, Duration.ofMinutes(40)),
              ended("two-hours", RunPhase.Succeeded, Duration.ofHours(2)));

      Retention.Verdict verdict =
          Retention.judge(spec("ttlSecondsAfterFinished: 3600\n"), runs, NOW);

      assertThat(verdict.delete())
          .extracting(r -> r.getMetadata().getName())
          .containsExactly("two-hours");
      assertThat(verdict.nextExpiry()).contains(NOW.plus(Duration.ofMinutes(20)));
    }

    @Test
    void runsDeletedByTheLimitsDoNotSetTheNextExpiry() {
      List<JobRun> runs =
          List.of(
              ended("newest", RunPhase.Succeeded, Duration.ofMinutes(10)),
              ended("beyond-the-limit", RunPhase.Succeeded, Duration.ofMinutes(50)));

      Retention.Verdict verdict =
          Retention.judge(
              spec("ttlSecondsAfterFinished: 3600\nsuccessfulRunsHistoryLimit: 1\n"), runs, NOW);

      assertThat(verdict.delete())
          .extracting(r -> r.getMetadata().getName())
          .containsExactly("beyond-the-limit");
      assertThat(verdict.nextExpiry()).contains(NOW.plus(Duration.ofMinutes(50)));
    }

    @Test
    void withoutATtlThereIsNoExpiry() {
      Retention.Verdict verdict =
          Retention.judge(spec(""), history("ok", RunPhase.Succeeded, 3), NOW);

      assertThat(verdict.delete()).isEmpty();
      assertThat(verdict.nextExpiry()).isEmpty();
    }

    @Test
    void withNothingLeftToExpireThereIsNoExpiry() {
      JobRun running = run("running", "Schedule", RunPhase.Running, "2026-12-10T11:00:00Z", null);
      List<JobRun> runs = List.of(running, ended("old", RunPhase.Failed, Duration.ofDays(3)));

      Retention.Verdict verdict = Retention.judge(spec("ttlSecondsAfterFinished: 60\n"), runs, NOW);

      assertThat(verdict.delete())
          .extracting(r -> r.getMetadata().getName())
          .containsExactly("old");
      assertThat(verdict.nextExpiry()).isEmpty();
    }
  }
}
