package dev.lakehouse.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.api.status.ConditionType;
import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00.987Z");
  private static final String EARLIER = "2025-02-28T08:00:00Z";

  private static List<Condition> previous(String type, String status) {
    return List.of(new Condition(type, status, "Before", "before", 1L, EARLIER));
  }

  @Test
  void setConditionCarriesTypeStatusReasonMessageAndGeneration() {
    Condition c =
        new Conditions(List.of(), 7, NOW)
            .set(ConditionType.Ready, true, Reason.Running, "all good")
            .build()
            .get(0);

    assertThat(c.type).isEqualTo("Ready");
    assertThat(c.status).isEqualTo("True");
    assertThat(c.reason).isEqualTo("Running");
    assertThat(c.message).isEqualTo("all good");
    assertThat(c.observedGeneration).isEqualTo(7L);
  }

  @Test
  void falseIsWrittenAsTheStringFalse() {
    assertThat(
            new Conditions(null, 1, NOW)
                .set(ConditionType.Ready, false, Reason.Starting, "")
                .build()
                .get(0)
                .status)
        .isEqualTo("False");
  }

  @Test
  void newConditionTransitionsNowTruncatedToSeconds() {
    Condition c =
        new Conditions(null, 1, NOW)
            .set(ConditionType.Ready, true, Reason.Running, "")
            .build()
            .get(0);

    assertThat(c.lastTransitionTime).isEqualTo("2025-03-01T12:00:00Z");
  }

  @Test
  void transitionTimeIsKeptWhileTheStatusDoesNotChange() {
    Condition c =
        new Conditions(previous("Ready", "True"), 2, NOW)
            .set(ConditionType.Ready, true, Reason.Scaling, "changed message")
            .build()
            .get(0);

    assertThat(c.lastTransitionTime).isEqualTo(EARLIER);
  }

  @Test
  void reasonMessageAndGenerationFollowTheNewValueEvenWhenTheStatusIsUnchanged() {
    Condition c =
        new Conditions(previous("Ready", "True"), 2, NOW)
            .set(ConditionType.Ready, true, Reason.Scaling, "changed message")
            .build()
            .get(0);

    assertThat(c.reason).isEqualTo("Scaling");
    assertThat(c.message).isEqualTo("changed message");
    assertThat(c.observedGeneration).isEqualTo(2L);
  }

  @Test
  void transitionTimeIsNowWhenTheStatusChanges() {
    Condition c =
        new Conditions(previous("Ready", "True"), 2, NOW)
            .set(ConditionType.Ready, false, Reason.DriverNotReady, "")
            .build()
            .get(0);

    assertThat(c.lastTransitionTime).isEqualTo("2025-03-01T12:00:00Z");
  }

  @Test
  void transitionTimeOfAnotherTypeIsNotBorrowed() {
    Condition c =
        new Conditions(previous("Degraded", "True"), 2, NOW)
            .set(ConditionType.Ready, true, Reason.Running, "")
            .build()
            .get(0);

    assertThat(c.lastTransitionTime).isEqualTo("2025-03-01T12:00:00Z");
  }

  @Test
  void settingATypeTwiceKeepsOnlyTheLast() {
    List<Condition> built =
        new Conditions(null, 1, NOW)
            .set(ConditionType.Ready, false, Reason.Starting, "")
            .set(ConditionType.Ready, true, Reason.Running, "")
            .build();

    assertThat(built)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status).isEqualTo("True");
              assertThat(c.reason).isEqualTo("Running");
            });
  }

  @Test
  void conditionsNotSetAgainAreDropped() {
    List<Condition> built =
        new Conditions(previous("Stale", "True"), 1, NOW)
            .set(ConditionType.Ready, true, Reason.Running, "")
            .build();

    assertThat(built).extracting(c -> c.type).containsExactly("Ready");
  }

  @Test
  void conditionsKeepTheOrderTheyWereSetIn() {
    List<Condition> built =
        new Conditions(null, 1, NOW)
            .set(ConditionType.Ready, true, Reason.Running, "")
            .set(ConditionType.Progressing, false, Reason.Stable, "")
            .set(ConditionType.Degraded, false, Reason.AsExpected, "")
            .build();

    assertThat(built).extracting(c -> c.type).containsExactly("Ready", "Progressing", "Degraded");
  }

  @Test
  void builtListCannotBeModified() {
    List<Condition> built =
        new Conditions(null, 1, NOW).set(ConditionType.Ready, true, Reason.Running, "").build();

    assertThatThrownBy(() -> built.add(new Condition()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void findReturnsTheConditionOfThatType() {
    assertThat(Conditions.find(previous("Ready", "True"), ConditionType.Ready))
        .map(c -> c.reason)
        .contains("Before");
  }

  @Test
  void findInNullIsEmpty() {
    assertThat(Conditions.find(null, ConditionType.Ready)).isEmpty();
  }

  @Test
  void isTrueOnlyForStatusTrue() {
    assertThat(Conditions.isTrue(previous("Ready", "True"), ConditionType.Ready)).isTrue();
    assertThat(Conditions.isTrue(previous("Ready", "False"), ConditionType.Ready)).isFalse();
    assertThat(Conditions.isTrue(previous("Ready", "Unknown"), ConditionType.Ready)).isFalse();
    assertThat(Conditions.isTrue(previous("Ready", "True"), ConditionType.Degraded)).isFalse();
    assertThat(Conditions.isTrue(null, ConditionType.Ready)).isFalse();
  }

  @Test
  void progressingAlsoSetsKstatusReconciling() {
    List<Condition> built =
        new Conditions(null, 3, NOW).progressing(true, Reason.Scaling, "to 4 workers").build();

    assertThat(built)
        .extracting(c -> c.type + "=" + c.status + "/" + c.reason)
        .containsExactly("Progressing=True/Scaling", "Reconciling=True/Scaling");
  }

  @Test
  void carryOverKeepsEveryPreviousConditionAndReplacesOnlyWhatIsSet() {
    List<Condition> previous =
        List.of(
            new Condition("Ready", "True", "Running", "ok", 1L, EARLIER),
            new Condition("Suspended", "False", "NotSuspended", "no", 1L, EARLIER));

    List<Condition> built =
        new Conditions(previous, 2, NOW)
            .carryOver()
            .set(ConditionType.Degraded, true, Reason.ApplyFailed, "refused")
            .set(ConditionType.Ready, true, Reason.Running, "still ok")
            .build();

    assertThat(built)
        .extracting(c -> c.type + "=" + c.status + "/" + c.reason)
        .containsExactly(
            "Ready=True/Running", "Suspended=False/NotSuspended", "Degraded=True/ApplyFailed");
    assertThat(built.get(0).lastTransitionTime).isEqualTo(EARLIER);
  }
}
