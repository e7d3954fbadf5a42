package dev.lakehouse.operator.job.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.v1alpha1.JobSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class TaskGraphTest {
  private static TaskGraph graph(String tasks) {
    return new TaskGraph(
        new KubernetesSerialization()
            .unmarshal("existingCluster: c\ntasks:\n" + tasks, JobSpec.class)
            .tasks);
  }

  private static final String DIAMOND =
      """
        - {key: a, sql: {query: "1"}}
        - {key: b, dependsOn: [a], sql: {query: "1"}}
        - {key: c, dependsOn: [a], sql: {query: "1"}}
        - {key: d, dependsOn: [b, c], sql: {query: "1"}}
        - {key: e, sql: {query: "1"}}
      """;

  @Test
  void leavesAreTheTasksNothingDependsOn() {
    assertThat(graph(DIAMOND).leaves()).containsExactly("d", "e");
  }

  @Test
  void downstreamIsEveryTaskThatDependsOnOneDirectlyOrNotInTheJobsOrder() {
    assertThat(graph(DIAMOND).downstreamOf("a")).containsExactly("b", "c", "d");
    assertThat(graph(DIAMOND).downstreamOf("c")).containsExactly("d");
    assertThat(graph(DIAMOND).downstreamOf("d")).isEmpty();
  }

  @Test
  void aGraphWithoutCycleHasNone() {
    assertThat(graph(DIAMOND).cycle()).isEmpty();
  }

  @Test
  void aCycleIsNamedAroundItsTasks() {
    assertThat(
            graph(
                    """
                      - {key: a, dependsOn: [c], sql: {query: "1"}}
                      - {key: b, dependsOn: [a], sql: {query: "1"}}
                      - {key: c, dependsOn: [b], sql: {query: "1"}}
                      - {key: d, sql: {query: "1"}}
                    """)
                .cycle())
        .contains(java.util.List.of("a", "c", "b", "a"));
  }
}
