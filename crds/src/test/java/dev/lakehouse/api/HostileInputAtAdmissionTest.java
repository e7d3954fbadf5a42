package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.Admission;
import dev.lakehouse.testing.HostileManifests;
import dev.lakehouse.testing.HostileManifests.Case;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input at admission, on a real kube-apiserver: every manifest {@link HostileManifests}
 * generates from the examples, and the hand-written table, ends as it documents. Refused ones are
 * refused with a message that names the field; the few that admission cannot judge (a missing
 * Secret, existingCluster or Job, an unknown runtime, a dependency cycle, the Workspace's policy)
 * are accepted, for the operator to report (HostileInputE2ETest applies them); valid ones at the
 * limits are accepted. Writes the table by class of mutation to
 * target/benchmarks/invalid-input.json.
 */
class HostileInputAtAdmissionTest {
  private static final RealApiServer API = RealApiServer.shared();
  private static final List<Admission.Judged> JUDGED =
      Collections.synchronizedList(new ArrayList<>());

  static List<Case> cases() {
    return HostileManifests.all();
  }

  @BeforeAll
  static void namespace() {
    API.client()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(HostileManifests.NAMESPACE)
                .endMetadata()
                .build())
        .serverSideApply();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void endsAsDocumented(Case c) {
    Admission.Judged judged = Admission.judge(API.client(), c);
    JUDGED.add(judged);
    assertThat(judged.problem()).as(c.name() + " from " + c.source()).isEmpty();
  }

  @AfterAll
  static void writeTheTable() {
    Map<String, Object> table = Admission.table(JUDGED);
    Path benchmarks = Path.of("target", "benchmarks").toAbsolutePath();
    Admission.write(table, benchmarks.resolve("invalid-input.json"));
    Admission.writeVerdicts(JUDGED, benchmarks.resolve("invalid-input-verdicts.jsonl"));
    if (JUDGED.size() == cases().size()) {
      assertThat((long) (Integer) table.get("manifests_tried")).isGreaterThanOrEqualTo(150);
      assertThat((Long) table.get("manifests_distinct"))
          .isEqualTo((long) (Integer) table.get("manifests_tried"));
    }
  }
}
