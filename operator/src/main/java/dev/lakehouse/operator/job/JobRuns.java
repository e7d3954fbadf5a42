package dev.lakehouse.operator.job;

import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobRunSpec;
import dev.lakehouse.api.v1alpha1.JobSpec;
import dev.lakehouse.api.v1alpha1.RunTrigger;
import dev.lakehouse.operator.job.schedule.RunNames;
import dev.lakehouse.operator.job.schedule.ScheduledTime;
import dev.lakehouse.operator.kube.Labels;
import dev.lakehouse.operator.kube.Owners;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/** The runs a Job's controller creates: pure builders, one deterministic name per run. */
public final class JobRuns {
  /** Set on a Job to start a run now: each new value starts one run (idempotent per value). */
  public static final String RUN_NOW = "lakehouse.dev/run-now";

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private JobRuns() {}

  /** The run of a scheduled time, named after that time in the schedule's zone. */
  public static JobRun scheduled(Job job, ScheduledTime time) {
    JobRun run =
        run(job, RunNames.scheduled(job.getMetadata().getName(), time), RunTrigger.Schedule);
    run.getSpec().scheduledTime = time.rfc3339();
    return run;
  }

  /** The run the run-now annotation asks for, named after its value. */
  public static JobRun runNow(Job job, String token) {
    return run(job, RunNames.manual(job.getMetadata().getName(), token), RunTrigger.Manual);
  }

  private static JobRun run(Job job, String name, RunTrigger trigger) {
    JobRun run = new JobRun();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(job.getMetadata().getNamespace())
            .withLabels(
                Map.of(Labels.MANAGED_BY, Labels.OPERATOR, Labels.JOB, job.getMetadata().getName()))
            .withOwnerReferences(Owners.controlledBy(job))
            .build());
    JobRunSpec spec = new JobRunSpec();
    spec.job = job.getMetadata().getName();
    spec.trigger = trigger;
    spec.jobSpec = JSON.unmarshal(JSON.asJson(job.getSpec()), JobSpec.class);
    run.setSpec(spec);
    return run;
  }
}
