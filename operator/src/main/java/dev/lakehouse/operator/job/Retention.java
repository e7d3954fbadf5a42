package dev.lakehouse.operator.job;

import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.JobSpec;
import dev.lakehouse.api.v1alpha1.RunPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which ended runs go: beyond the history limits (every ended run counts, manual ones too; the
 * newest are kept), or older than ttlSecondsAfterFinished. Runs in progress, and ended runs with a
 * repair not yet started, are never chosen.
 */
public final class Retention {
  private Retention() {}

  /** The runs to delete, and when the next one will be due for its TTL. */
  public record Verdict(List<JobRun> delete, Optional<Instant> nextExpiry) {}

  public static Verdict judge(JobSpec spec, List<JobRun> runs, Instant now) {
    List<JobRun> ended =
        runs.stream()
            .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
            .filter(r -> phase(r).map(RunPhase::terminal).orElse(false))
            .filter(r -> !repairPending(r))
            .sorted(Comparator.comparing(Retention::endedAt).reversed())
            .toList();
    int keepSucceeded = Objects.requireNonNullElse(spec.successfulRunsHistoryLimit, 10);
    int keepOthers = Objects.requireNonNullElse(spec.failedRunsHistoryLimit, 10);
    List<JobRun> delete = new ArrayList<>();
    int succeeded = 0;
    int others = 0;
    Optional<Instant> nextExpiry = Optional.empty();
    for (JobRun run : ended) {
      boolean success = succeeded(run);
      boolean beyondLimit = success ? ++succeeded > keepSucceeded : ++others > keepOthers;
      Optional<Instant> expiry =
          Optional.ofNullable(spec.ttlSecondsAfterFinished)
              .map(ttl -> endedAt(run).plus(Duration.ofSeconds(ttl)));
      boolean expired = expiry.map(e -> !now.isBefore(e)).orElse(false);
      if (beyondLimit || expired) {
        delete.add(run);
      } else if (expiry.isPresent()
          && (nextExpiry.isEmpty() || expiry.get().isBefore(nextExpiry.get()))) {
        nextExpiry = expiry;
      }
    }
    return new Verdict(delete, nextExpiry);
  }

  /**
   * A repair was appended that the run has not started yet: it is about to run again, so it is not
   * an ended run to delete.
   */
  static boolean repairPending(JobRun run) {
    int asked = run.getSpec().repairs == null ? 0 : run.getSpec().repairs.size();
    Integer started = run.getStatus() == null ? null : run.getStatus().repairId;
    return asked > Objects.requireNonNullElse(started, 0);
  }

  static boolean succeeded(JobRun run) {
    RunPhase phase = phase(run).orElse(null);
    return phase == RunPhase.Succeeded || phase == RunPhase.SucceededWithFailures;
  }

  static Optional<RunPhase> phase(JobRun run) {
    return Optional.ofNullable(run.getStatus()).map(s -> s.phase);
  }

  static Instant endedAt(JobRun run) {
    String end = run.getStatus() == null ? null : run.getStatus().endTime;
    return Instant.parse(end != null ? end : run.getMetadata().getCreationTimestamp());
  }
}
