package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.HostileManifests;
import dev.lakehouse.testing.HostileManifests.Case;
import dev.lakehouse.testing.HostileManifests.MutationClass;
import dev.lakehouse.testing.HostileManifests.Refused;
import dev.lakehouse.testing.HostileManifests.Reported;
import dev.lakehouse.testing.HostileManifests.Valid;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The generator of hostile manifests, without an API server: what it makes and that it is stable.
 */
class HostileManifestsTest {

  @Test
  void isDeterministic() {
    List<Case> first = HostileManifests.all();
    List<Case> second = HostileManifests.all();
    assertThat(second.stream().map(Case::name).toList())
        .containsExactlyElementsOf(first.stream().map(Case::name).toList());
    assertThat(second.stream().map(Case::json).toList())
        .containsExactlyElementsOf(first.stream().map(Case::json).toList());
  }

  @Test
  void makesAtLeast150DistinctInvalidManifestsOfEveryKindAndClass() {
    List<Case> invalid = HostileManifests.invalid(HostileManifests.NAMESPACE);
    invalid.stream()
        .collect(
            Collectors.groupingBy(
                c -> c.mutation().label(), java.util.TreeMap::new, Collectors.counting()))
        .forEach((k, v) -> System.out.printf("[hostile-manifests] %-18s %4d%n", k, v));
    assertThat(invalid.stream().map(Case::name).distinct()).hasSameSizeAs(invalid);
    assertThat(invalid.stream().map(Case::json).distinct().count())
        .as("distinct manifests")
        .isEqualTo(invalid.size())
        .isGreaterThanOrEqualTo(150);
    assertThat(invalid.stream().map(Case::kind).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("Workspace", "Cluster", "Job", "JobRun", "Warehouse");
    assertThat(invalid.stream().map(Case::mutation).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(MutationClass.values());
    for (String kind : List.of("Workspace", "Cluster", "Job", "Warehouse")) {
      for (MutationClass mutation :
          List.of(
              MutationClass.WRONG_TYPE,
              MutationClass.OUT_OF_RANGE,
              MutationClass.HUGE_STRING,
              MutationClass.HUGE_COLLECTION,
              MutationClass.NAME,
              MutationClass.UNICODE)) {
        assertThat(invalid)
            .as(mutation + " of a " + kind)
            .anyMatch(c -> c.kind().equals(kind) && c.mutation() == mutation);
      }
    }
  }

  @Test
  void everyGeneratedManifestDiffersFromTheExamplesAndTheHandWrittenOnes() {
    Set<String> examples =
        HostileManifests.examples().stream()
            .map(e -> new Case("", MutationClass.HAND_WRITTEN, "", "", e.manifest(), null).json())
            .collect(Collectors.toSet());
    List<Case> all = HostileManifests.all();
    assertThat(all).noneMatch(c -> examples.contains(c.json()));
    assertThat(all.stream().map(Case::json).distinct()).hasSameSizeAs(all);
  }

  @Test
  void theAcceptedInvalidOnesAreAShortExplicitListWithTheOperatorsReason() {
    List<Case> reported = HostileManifests.reported("ns");
    assertThat(reported).hasSizeBetween(10, 25);
    assertThat(reported.stream().map(c -> c.kind() + "/" + c.objectName()).distinct())
        .as("each is an object of its own, to apply side by side")
        .hasSameSizeAs(reported);
    assertThat(reported)
        .allSatisfy(
            c -> {
              Reported r = (Reported) c.outcome();
              assertThat(r.reason())
                  .isIn(
                      "SecretNotFound",
                      "InvalidSpec",
                      "PolicyViolation",
                      "RunEnded",
                      "ApplyFailed");
              assertThat(r.message()).isNotBlank();
            });
    assertThat(reported.stream().map(c -> ((Reported) c.outcome()).reason()).distinct())
        .contains("SecretNotFound", "InvalidSpec", "PolicyViolation");
    assertThat(reported)
        .filteredOn(c -> c.mutation() == MutationClass.TASK_GRAPH)
        .as("dependency cycles: admission cannot see them")
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void refusedCasesNameAFieldAndValidOnesAreAtTheLimits() {
    assertThat(HostileManifests.all())
        .filteredOn(c -> c.outcome() instanceof Refused)
        .filteredOn(c -> c.mutation() != MutationClass.HAND_WRITTEN)
        .allSatisfy(
            c ->
                assertThat(((Refused) c.outcome()).field())
                    .matches("(spec|metadata)[.\\[].*|name"));
    List<Case> valid = HostileManifests.valid("ns");
    assertThat(valid.stream().map(Case::objectName))
        .anyMatch(n -> n.length() == 45)
        .anyMatch(n -> n.length() == 42)
        .anyMatch(n -> n.length() == 63)
        .anyMatch(n -> n.length() == 253);
    assertThat(valid).allMatch(c -> c.outcome() instanceof Valid);
  }
}
