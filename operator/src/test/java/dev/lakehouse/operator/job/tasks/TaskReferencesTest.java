package dev.lakehouse.operator.job.tasks;

import static dev.lakehouse.operator.job.tasks.TaskFixtures.attempt;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.cluster;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.engine;
import static dev.lakehouse.operator.job.tasks.TaskFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.v1alpha1.RunTrigger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskReferencesTest {
  static final String TASK = "key: ingest\nsparkPython:\n  pythonFile: local:///app/a.py\n";

  static TaskReferences scheduled() {
    return TaskReferences.of(attempt(task(TASK)));
  }

  /** A manual run started at {@code start}, repaired once, its first attempt. */
  static TaskReferences manual(Instant start, String zone, Map<String, String> parameters) {
    TaskAttempt a = attempt(task(TASK), parameters, engine(cluster()));
    return TaskReferences.of(
        new TaskAttempt(
            a.run(),
            a.jobName(),
            "daily-orders-manual-x7k2p",
            RunTrigger.Manual,
            null,
            start,
            zone,
            a.task(),
            1,
            2,
            a.attemptName(),
            parameters,
            a.engine(),
            a.workspace()));
  }

  @Test
  void everyDocumentedReferenceHasItsValue() {
    TaskReferences refs = scheduled();
    Map<String, String> values = new LinkedHashMap<>();
    TaskReferences.NAMES.forEach(n -> values.put(n, refs.value(n)));

    assertThat(values)
        .containsExactly(
            Map.entry("run.name", "daily-orders-202601060030"),
            Map.entry("run.id", "daily-orders-202601060030"),
            // 23:30 UTC is 00:30 the next day in Paris: the schedule's day
            Map.entry("run.date", "2026-01-06"),
            Map.entry("run.scheduledTime", "2026-01-05T23:30:00Z"),
            Map.entry("run.startTime", "2026-01-05T23:30:04Z"),
            Map.entry("run.trigger", "Schedule"),
            Map.entry("run.attempt", "3"),
            Map.entry("run.repair", "0"),
            Map.entry("job.name", "daily-orders"),
            Map.entry("job.namespace", "analytics-ns"),
            Map.entry("task.key", "ingest"));
    assertThat(refs.value("parameters.region")).isEqualTo("emea");
    assertThat(refs.value("parameters.nope")).isNull();
  }

  @Test
  void aManualRunIsDatedByItsStartInItsZone() {
    TaskReferences utc = manual(Instant.parse("2026-03-01T22:15:00Z"), null, Map.of());
    TaskReferences tokyo = manual(Instant.parse("2026-03-01T22:15:00Z"), "Asia/Tokyo", Map.of());

    assertThat(utc.value("run.date")).isEqualTo("2026-03-01");
    assertThat(tokyo.value("run.date")).isEqualTo("2026-03-02");
    assertThat(utc.value("run.scheduledTime")).isEqualTo("2026-03-01T22:15:00Z");
    assertThat(utc.value("run.trigger")).isEqualTo("Manual");
    assertThat(utc.value("run.repair")).isEqualTo("2");
    assertThat(utc.value("run.attempt")).isEqualTo("1");
    assertThat(utc.value("run.id")).isEqualTo("daily-orders-manual-x7k2p");
  }

  @Test
  void referencesAreReplacedWithSpacesAllowedInOnePass() {
    TaskReferences refs =
        manual(
            Instant.parse("2026-03-01T10:00:00Z"),
            "UTC",
            Map.of("a", "{{run.date}}", "literal", "{{ not.ours }}"));

    assertThat(refs.resolve("x={{run.date}} y={{ run.date }} z={{  parameters.a  }}", "where"))
        .isEqualTo("x=2026-03-01 y=2026-03-01 z=2026-03-01");
    // a value is not scanned again, and $ and \\ in values are literal
    assertThat(refs.resolve("{{parameters.literal}}", "where")).isEqualTo("{{ not.ours }}");
    TaskReferences dollars =
        manual(Instant.parse("2026-03-01T10:00:00Z"), "UTC", Map.of("p", "$1 \\ {{x}}"));
    assertThat(dollars.resolve("[{{parameters.p}}]", "where")).isEqualTo("[$1 \\ {{x}}]");
  }

  @Test
  void jinjaAndOtherBracesAreLeftAlone() {
    String dbt =
        "{{ ref('orders') }} {{ var('day') }} {{ run_started_at }} {{ jobs.x }} {{}} {{run}}";

    assertThat(scheduled().resolve(dbt, "where")).isEqualTo(dbt);
    assertThat(scheduled().resolve(null, "where")).isNull();
  }

  @Test
  void anUnknownReferenceInOurNamespacesIsAnError() {
    assertThatThrownBy(() -> scheduled().resolve("day={{run.dat}}", "sparkPython.parameters[1]"))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessageContaining(
            "task ingest: sparkPython.parameters[1]: unknown reference {{run.dat}}")
        .hasMessageContaining("{{run.date}}")
        .hasMessageContaining("region, source");
    assertThatThrownBy(() -> scheduled().resolve("{{parameters.missing}}", "sql.query"))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessageContaining("{{parameters.missing}}");
    assertThatThrownBy(() -> scheduled().resolve("{{job.owner}}", "sql.query"))
        .isInstanceOf(InvalidTaskException.class);
    assertThatThrownBy(() -> scheduled().resolve("{{task.name}}", "sql.query"))
        .isInstanceOf(InvalidTaskException.class);
  }

  @Test
  void parametersUseReferencesButNotEachOther() {
    TaskReferences refs =
        manual(
            Instant.parse("2026-03-01T10:00:00Z"),
            "UTC",
            Map.of("path", "s3a://raw/{{job.name}}/{{run.date}}/{{task.key}}"));
    assertThat(refs.parameters()).containsEntry("path", "s3a://raw/daily-orders/2026-03-01/ingest");

    assertThatThrownBy(
            () ->
                manual(
                    Instant.parse("2026-03-01T10:00:00Z"),
                    "UTC",
                    Map.of("a", "x", "b", "{{parameters.a}}")))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessageContaining("parameter b")
        .hasMessageContaining("cannot refer to a parameter");
  }

  @Test
  void aZoneThatIsNotIanaIsAnError() {
    assertThatThrownBy(
            () -> manual(Instant.parse("2026-03-01T10:00:00Z"), "Mars/Olympus", Map.of()))
        .isInstanceOf(InvalidTaskException.class)
        .hasMessageContaining("Mars/Olympus");
  }
}
