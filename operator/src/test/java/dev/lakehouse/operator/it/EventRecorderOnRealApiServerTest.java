package dev.lakehouse.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.operator.kube.EventRecorder;
import dev.lakehouse.operator.metrics.OperatorMetrics;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events as kubectl describe shows them for core controllers: one per repeat, counted. */
class EventRecorderOnRealApiServerTest {
  static final String NS = "it-events";
  static final KubernetesClient client = RealApiServer.shared().client();
  static ConfigMap about;

  @BeforeAll
  static void object() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    about =
        client
            .configMaps()
            .inNamespace(NS)
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("subject")
                    .withNamespace(NS)
                    .endMetadata()
                    .build())
            .serverSideApply();
  }

  private static EventRecorder recorder(String at) {
    return new EventRecorder(
        client, new OperatorMetrics(), Clock.fixed(Instant.parse(at), ZoneOffset.UTC));
  }

  private static List<Event> events(String reason) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  @Test
  void aRepeatCountsOnOneEventWithTheInjectedClocksTimes() {
    recorder("2026-12-01T10:00:00Z").normal(about, EventReason.Scaling, "scaling 2 to 5");
    EventRecorder later = recorder("2026-12-01T10:05:00Z");
    later.normal(about, EventReason.Scaling, "scaling 2 to 5");
    later.normal(about, EventReason.Scaling, "scaling 2 to 5");

    assertThat(events("Scaling"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCount())
                  .as("the second recorder (an operator restarted) counts on from the stored Event")
                  .isEqualTo(3);
              assertThat(e.getFirstTimestamp()).isEqualTo("2026-12-01T10:00:00Z");
              assertThat(e.getLastTimestamp()).isEqualTo("2026-12-01T10:05:00Z");
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getInvolvedObject().getUid()).isEqualTo(about.getMetadata().getUid());
            });
  }

  @Test
  void aKeyMakesEventsWithChangingNumbersOneEventThatShowsTheLatestMessage() {
    EventRecorder recorder = recorder("2026-12-01T11:00:00Z");
    recorder.warning(about, EventReason.ApplyFailed, "refused: 3 services", "ApplyFailed");
    recorder.warning(about, EventReason.ApplyFailed, "refused: 4 services", "ApplyFailed");

    assertThat(events("ApplyFailed"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCount()).isEqualTo(2);
              assertThat(e.getMessage()).isEqualTo("refused: 4 services");
              assertThat(e.getType()).isEqualTo("Warning");
            });
  }
}
