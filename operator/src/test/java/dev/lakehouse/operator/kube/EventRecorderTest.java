package dev.lakehouse.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.api.v1alpha1.Cluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class EventRecorderTest {
  private static Cluster cluster(String name, String uid) {
    Cluster c = new Cluster();
    c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").withUid(uid).build());
    return c;
  }

  @Test
  void theSameEventOfTheSameObjectHasTheSameName() {
    Cluster etl = cluster("etl", "u1");

    assertThat(EventRecorder.eventName(etl, "Normal", EventReason.Scaling, "2 to 5"))
        .isEqualTo(
            EventRecorder.eventName(cluster("etl", "u1"), "Normal", EventReason.Scaling, "2 to 5"))
        .startsWith("etl.");
  }

  @Test
  void anotherReasonKeyTypeOrObjectIsAnotherEvent() {
    Cluster etl = cluster("etl", "u1");
    String name = EventRecorder.eventName(etl, "Normal", EventReason.Scaling, "k");

    assertThat(EventRecorder.eventName(etl, "Normal", EventReason.Stopping, "k"))
        .isNotEqualTo(name);
    assertThat(EventRecorder.eventName(etl, "Normal", EventReason.Scaling, "other"))
        .isNotEqualTo(name);
    assertThat(EventRecorder.eventName(etl, "Warning", EventReason.Scaling, "k"))
        .isNotEqualTo(name);
    assertThat(EventRecorder.eventName(cluster("etl", "u2"), "Normal", EventReason.Scaling, "k"))
        .as("a Cluster of the same name created again")
        .isNotEqualTo(name);
  }

  @Test
  void namesOfLongObjectsStayWithinTheApiLimit() {
    Cluster longName = cluster("c".repeat(253), "u1");

    assertThat(EventRecorder.eventName(longName, "Normal", EventReason.Scaling, "k"))
        .hasSizeLessThanOrEqualTo(253);
  }
}
