package dev.lakehouse.operator.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.api.status.EventReason;
import dev.lakehouse.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events on the operator's resources, as core controllers do: one Event per
 * (object, type, reason, key) with a stable name, whose count and last timestamp grow when it
 * happens again, so {@code kubectl describe} shows "x4 over 2m" instead of four lines.
 *
 * <p>The one rule of de-duplication: reconcilers tell an event when something changes, judged
 * against the status they recorded (which they read back at once); a repeat of the same event is
 * aggregated here. The key says what counts as the same event: by default the message; a caller
 * whose message carries changing numbers passes a key without them.
 */
public class EventRecorder {
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);
  private static final String COMPONENT = "lakehouse-operator";

  /** Events the recorder remembers the count of; older ones are read back from the API server. */
  private static final int REMEMBERED = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final OperatorMetrics metrics;
  private final Clock clock;
  // Reconciles of one object never run at once, so one Event is never recorded twice at the same
  // time.
  private final Map<String, Integer> counts =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
              return size() > REMEMBERED;
            }
          });

  public EventRecorder(KubernetesClient client, OperatorMetrics metrics, Clock clock) {
    this.client = client;
    this.metrics = metrics;
    this.clock = clock;
  }

  public void normal(HasMetadata about, EventReason reason, String message) {
    record(about, "Normal", reason, message, message);
  }

  public void normal(HasMetadata about, EventReason reason, String message, String key) {
    record(about, "Normal", reason, message, key);
  }

  public void warning(HasMetadata about, EventReason reason, String message) {
    record(about, "Warning", reason, message, message);
  }

  public void warning(HasMetadata about, EventReason reason, String message, String key) {
    record(about, "Warning", reason, message, key);
  }

  /** The name of the Event for this (object, type, reason, key): the same name every time. */
  static String eventName(HasMetadata about, String type, EventReason reason, String key) {
    String object = about.getMetadata().getName();
    String prefix = object.length() > 200 ? object.substring(0, 200) : object;
    return prefix
        + "."
        + Hashes.of(about.getMetadata().getUid() + "/" + type + "/" + reason + "/" + key);
  }

  private void record(
      HasMetadata about, String type, EventReason reason, String message, String key) {
    String namespace =
        about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
    String name = eventName(about, type, reason, key);
    String now = clock.instant().toString();
    try {
      Integer count = counts.get(name);
      if (count == null) {
        count = create(namespace, name, about, type, reason, message, now);
      } else {
        count = bump(namespace, name, count + 1, message, now, about, type, reason);
      }
      counts.put(name, count);
    } catch (RuntimeException e) {
      // An event is a courtesy: failing to record one must not fail the reconcile.
      LOG.debugf(
          e,
          "could not record event %s on %s/%s",
          reason,
          about.getKind(),
          about.getMetadata().getName());
    }
  }

  /** Creates the Event; when it exists already (an operator restart), counts on from it. */
  private int create(
      String namespace,
      String name,
      HasMetadata about,
      String type,
      EventReason reason,
      String message,
      String now) {
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(about.getApiVersion())
            .withKind(about.getKind())
            .withName(about.getMetadata().getName())
            .withNamespace(about.getMetadata().getNamespace())
            .withUid(about.getMetadata().getUid())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason.name())
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource(COMPONENT, null)
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
      metrics.apiWrite("Event", "create");
      return 1;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      Event existing = client.v1().events().inNamespace(namespace).withName(name).get();
      int count = existing == null || existing.getCount() == null ? 1 : existing.getCount() + 1;
      return bump(namespace, name, count, message, now, about, type, reason);
    }
  }

  /** Raises the count and last time of an existing Event (created anew if it expired meanwhile). */
  private int bump(
      String namespace,
      String name,
      int count,
      String message,
      String now,
      HasMetadata about,
      String type,
      EventReason reason) {
    try {
      String patch =
          JSON.writeValueAsString(Map.of("count", count, "lastTimestamp", now, "message", message));
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      metrics.apiWrite("Event", "patch");
      return count;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an event patch", e);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      counts.remove(name);
      return create(namespace, name, about, type, reason, message, now);
    }
  }
}
