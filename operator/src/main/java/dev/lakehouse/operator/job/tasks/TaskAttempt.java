package dev.lakehouse.operator.job.tasks;

import dev.lakehouse.api.v1alpha1.RunTrigger;
import dev.lakehouse.api.v1alpha1.Task;
import dev.lakehouse.operator.engine.EngineModel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.Map;

/**
 * Everything one attempt of a Job's task is built from: the input of {@link TaskJobs#build}. Built
 * by the Job controller when an attempt starts; the builder reads nothing else.
 *
 * @param run the JobRun the attempt belongs to: its children's owner and namespace
 * @param jobName the Job (lakehouse.dev) the run runs
 * @param runName the JobRun's name ({@code {{run.name}}}, {@code {{run.id}}})
 * @param trigger what started the run
 * @param scheduledTime when a scheduled run was due; null for a manual run
 * @param runStart when the run started (a manual run's {@code {{run.date}}})
 * @param zone IANA time zone of {@code {{run.date}}}: the schedule's, else UTC (null means UTC)
 * @param task the task, from the run's snapshot of the Job's spec (or the Job's current spec for a
 *     repair)
 * @param attempt the attempt's number, from 1
 * @param repair the repair that made this attempt, null for the run's own attempts
 * @param attemptName the batch Job's name (at most 63 characters: it is also a label value), and
 *     the name of its files ConfigMap
 * @param parameters the Job's parameters merged with the run's (the run's win), before substitution
 * @param engine the engine of the Cluster the task runs on (the run's job cluster or the Job's
 *     existing Cluster): its rendered configuration, image and master
 * @param workspace the Workspace's name, which labels the attempt's objects
 */
public record TaskAttempt(
    HasMetadata run,
    String jobName,
    String runName,
    RunTrigger trigger,
    Instant scheduledTime,
    Instant runStart,
    String zone,
    Task task,
    int attempt,
    Integer repair,
    String attemptName,
    Map<String, String> parameters,
    EngineModel engine,
    String workspace) {

  public TaskAttempt {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }
}
