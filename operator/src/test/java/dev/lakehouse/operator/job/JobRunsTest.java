package dev.lakehouse.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.RunTrigger;
import dev.lakehouse.operator.job.schedule.RunNames;
import dev.lakehouse.operator.job.schedule.ScheduledTime;
import dev.lakehouse.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The runs a Job's controller creates: scheduled ones and run-now ones. */
class JobRunsTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** 06:00 in Paris on 1 December 2026: 05:00 UTC. */
  private static final ScheduledTime SIX_IN_PARIS =
      ScheduledTime.at(LocalDateTime.parse("2026-12-01T06:00"), PARIS);

  private static Job job() {
    return YAML.unmarshal(
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: Job
        metadata:
          name: daily
          namespace: analytics
          uid: 9b2e-job-uid
          generation: 4
          labels: {team: finance}
          annotations: {lakehouse.dev/run-now: "2026-12-01T09:12:00Z"}
        spec:
          jobCluster:
            runtimeVersion: spark-3.5
            workers: 2
          schedule: {cron: "0 6 * * *", timeZone: Europe/Paris}
          maxConcurrentRuns: 2
          concurrencyPolicy: Queue
          parameters: {source: "s3a://raw/orders"}
          tasks:
            - {key: ingest, sql: {query: "select 1"}, maxRetries: 2}
            - {key: report, dependsOn: [ingest], sql: {query: "select 2"}}
        """,
        Job.class);
  }

  static Stream<Arguments> bothKinds() {
    Function<Job, JobRun> scheduled = j -> JobRuns.scheduled(j, SIX_IN_PARIS);
    Function<Job, JobRun> manual = j -> JobRuns.runNow(j, "2026-12-01T09:12:00Z");
    return Stream.of(Arguments.of("scheduled", scheduled), Arguments.of("run-now", manual));
  }

  @Nested
  class EveryRun {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lakehouse.operator.job.JobRunsTest#bothKinds")
    void isAJobRunInTheJobsNamespace(String kind, Function<Job, JobRun> make) {
      JobRun run = make.apply(job());

      assertThat(run.getApiVersion()).isEqualTo("lakehouse.dev/v1alpha1");
      assertThat(run.getKind()).isEqualTo("JobRun");
      assertThat(run.getMetadata().getNamespace()).isEqualTo("analytics");
      assertThat(run.getSpec().job).isEqualTo("daily");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lakehouse.operator.job.JobRunsTest#bothKinds")
    void isLabelledWithItsJobAndNothingOfTheJobsOwnLabels(String kind, Function<Job, JobRun> make) {
      JobRun run = make.apply(job());

      assertThat(run.getMetadata().getLabels())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(Labels.MANAGED_BY, Labels.OPERATOR, Labels.JOB, "daily"));
      assertThat(run.getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lakehouse.operator.job.JobRunsTest#bothKinds")
    void isOwnedAndControlledByItsJob(String kind, Function<Job, JobRun> make) {
      JobRun run = make.apply(job());

      assertThat(run.getMetadata().getOwnerReferences()).hasSize(1);
      OwnerReference owner = run.getMetadata().getOwnerReferences().get(0);
      assertThat(owner.getApiVersion()).isEqualTo("lakehouse.dev/v1alpha1");
      assertThat(owner.getKind()).isEqualTo("Job");
      assertThat(owner.getName()).isEqualTo("daily");
      assertThat(owner.getUid()).isEqualTo("9b2e-job-uid");
      assertThat(owner.getController()).isTrue();
      assertThat(owner.getBlockOwnerDeletion()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lakehouse.operator.job.JobRunsTest#bothKinds")
    void snapshotsTheJobsSpec(String kind, Function<Job, JobRun> make) {
      Job job = job();

      JobRun run = make.apply(job);

      assertThat(YAML.asJson(run.getSpec().jobSpec)).isEqualTo(YAML.asJson(job.getSpec()));
      assertThat(run.getSpec().jobSpec).isNotSameAs(job.getSpec());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lakehouse.operator.job.JobRunsTest#bothKinds")
    void laterEditsOfTheJobChangeNoRun(String kind, Function<Job, JobRun> make) {
      Job job = job();
      JobRun run = make.apply(job);
      String snapshot = YAML.asJson(run.getSpec().jobSpec);

      job.getSpec().tasks.get(0).maxRetries = 9;
      job.getSpec().tasks.remove(1);
      job.getSpec().parameters.put("source", "s3a://raw/returns");
      job.getSpec().jobCluster.workers = 5;
      job.getSpec().maxConcurrentRuns = 1;

      assertThat(YAML.asJson(run.getSpec().jobSpec)).isEqualTo(snapshot);
      assertThat(run.getSpec().jobSpec.tasks).hasSize(2);
      assertThat(run.getSpec().jobSpec.tasks.get(0).maxRetries).isEqualTo(2);
      assertThat(run.getSpec().jobSpec.parameters).containsEntry("source", "s3a://raw/orders");
      assertThat(run.getSpec().jobSpec.jobCluster.workers).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lakehouse.operator.job.JobRunsTest#bothKinds")
    void leavesParametersAndRepairsToTheRunItself(String kind, Function<Job, JobRun> make) {
      JobRun run = make.apply(job());

      assertThat(run.getSpec().parameters).isNull();
      assertThat(run.getSpec().repairs).isNull();
      assertThat(run.getStatus()).isNull();
    }
  }

  @Nested
  class Scheduled {
    @Test
    void isNamedAfterItsLocalTimeAndRecordsTheInstantItWasDue() {
      JobRun run = JobRuns.scheduled(job(), SIX_IN_PARIS);

      assertThat(run.getMetadata().getName()).isEqualTo("daily-202612010600");
      assertThat(run.getSpec().scheduledTime).isEqualTo("2026-12-01T05:00:00Z");
      assertThat(run.getSpec().trigger).isEqualTo(RunTrigger.Schedule);
    }

    @Test
    void theSameTimeMakesTheSameRunAndAnotherTimeAnotherRun() {
      ScheduledTime next = ScheduledTime.at(LocalDateTime.parse("2026-12-02T06:00"), PARIS);

      assertThat(JobRuns.scheduled(job(), SIX_IN_PARIS).getMetadata().getName())
          .isEqualTo(JobRuns.scheduled(job(), SIX_IN_PARIS).getMetadata().getName());
      assertThat(JobRuns.scheduled(job(), next).getMetadata().getName())
          .isEqualTo("daily-202612020600");
    }

    @Test
    void aTimeInASpringForwardGapKeepsItsLocalNameAndIsDueAfterTheGap() {
      ScheduledTime inTheGap = ScheduledTime.at(LocalDateTime.parse("2026-03-29T02:30"), PARIS);

      JobRun run = JobRuns.scheduled(job(), inTheGap);

      assertThat(run.getMetadata().getName()).isEqualTo("daily-202603290230");
      assertThat(run.getSpec().scheduledTime).isEqualTo("2026-03-29T01:30:00Z");
    }

    @Test
    void isNamedAsRunNamesSaysForALongJobName() {
      Job job = job();
      job.getMetadata().setName("j".repeat(250));

      JobRun run = JobRuns.scheduled(job, SIX_IN_PARIS);

      assertThat(run.getMetadata().getName())
          .isEqualTo(RunNames.scheduled(job.getMetadata().getName(), SIX_IN_PARIS))
          .hasSizeLessThanOrEqualTo(RunNames.MAX_NAME);
    }
  }

  @Nested
  class RunNow {
    @Test
    void isNamedAfterItsTokenAndHasNoScheduledTime() {
      JobRun run = JobRuns.runNow(job(), "2026-12-01T09:12:00Z");

      assertThat(run.getMetadata().getName())
          .isEqualTo(RunNames.manual("daily", "2026-12-01T09:12:00Z"))
          .matches("daily-manual-[0-9a-f]{10}");
      assertThat(run.getSpec().trigger).isEqualTo(RunTrigger.Manual);
      assertThat(run.getSpec().scheduledTime).isNull();
    }

    @Test
    void theSameTokenMakesTheSameRunAndAnotherTokenAnotherRun() {
      String once = JobRuns.runNow(job(), "first").getMetadata().getName();

      assertThat(JobRuns.runNow(job(), "first").getMetadata().getName()).isEqualTo(once);
      assertThat(JobRuns.runNow(job(), "second").getMetadata().getName()).isNotEqualTo(once);
    }

    @Test
    void aRunNowOfTheSameJobIsNeverNamedLikeAScheduledRun() {
      assertThat(JobRuns.runNow(job(), "202612010600").getMetadata().getName())
          .isNotEqualTo(JobRuns.scheduled(job(), SIX_IN_PARIS).getMetadata().getName());
    }

    @Test
    void isAskedForWithTheRunNowAnnotation() {
      assertThat(JobRuns.RUN_NOW).isEqualTo("lakehouse.dev/run-now");
    }
  }
}
