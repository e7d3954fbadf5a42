package dev.lakehouse.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Optional<String> drift(String desired, String observed) throws Exception {
    return Drift.find(JSON.readTree(desired), JSON.readTree(observed));
  }

  @Test
  void fieldsTheApiServerDefaultedOrOthersAddedAreNotDrift() throws Exception {
    assertThat(
            drift(
                """
                {"spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "w", "image": "i"}]}}}}
                """,
                """
                {"spec": {"replicas": 2, "revisionHistoryLimit": 10, "template": {"spec": {
                  "containers": [{"name": "w", "image": "i", "terminationMessagePath": "/dev/x"},
                                 {"name": "istio-proxy", "image": "proxy"}],
                  "dnsPolicy": "ClusterFirst"}}}, "status": {"replicas": 2}}
                """))
        .isEmpty();
  }

  @Test
  void aChangedFieldTheOperatorSetsIsDriftNamedByItsPath() throws Exception {
    assertThat(drift("{\"spec\": {\"replicas\": 2}}", "{\"spec\": {\"replicas\": 5}}"))
        .contains("spec.replicas");
  }

  @Test
  void aFieldTheOperatorSetsThatWasRemovedIsDrift() throws Exception {
    assertThat(drift("{\"data\": {\"a\": \"1\", \"b\": \"2\"}}", "{\"data\": {\"a\": \"1\"}}"))
        .contains("data.b");
  }

  @Test
  void namedItemsAreMatchedByNameWhateverTheirOrder() throws Exception {
    String desired =
        "{\"spec\": {\"containers\": [{\"name\": \"a\", \"image\": \"x\"}, {\"name\": \"b\", \"image\": \"y\"}]}}";
    assertThat(
            drift(
                desired,
                "{\"spec\": {\"containers\": [{\"name\": \"b\", \"image\": \"y\"}, {\"name\": \"a\", \"image\": \"x\"}]}}"))
        .isEmpty();
    assertThat(
            drift(
                desired,
                "{\"spec\": {\"containers\": [{\"name\": \"b\", \"image\": \"y\"}, {\"name\": \"a\", \"image\": \"busybox\"}]}}"))
        .contains("spec.containers[a].image");
    assertThat(
            drift(desired, "{\"spec\": {\"containers\": [{\"name\": \"b\", \"image\": \"y\"}]}}"))
        .contains("spec.containers[a]");
  }

  @Test
  void unnamedListsMustMatchItemByItemAsServerSideApplyReplacesThemWhole() throws Exception {
    String desired = "{\"spec\": {\"egress\": [{\"ports\": [{\"port\": 53}]}]}}";
    assertThat(drift(desired, "{\"spec\": {\"egress\": [{\"ports\": [{\"port\": 53}]}]}}"))
        .isEmpty();
    assertThat(
            drift(
                desired,
                "{\"spec\": {\"egress\": [{\"ports\": [{\"port\": 53}]}, {\"ports\": [{\"port\": 80}]}]}}"))
        .contains("spec.egress");
    assertThat(drift(desired, "{\"spec\": {\"egress\": [{\"ports\": [{\"port\": 5353}]}]}}"))
        .contains("spec.egress[0].ports[0].port");
    assertThat(drift("{\"args\": [\"worker\"]}", "{\"args\": [\"master\"]}")).contains("args[0]");
  }

  @Test
  void quantitiesCompareByAmount() throws Exception {
    assertThat(drift("{\"memory\": \"1.5Gi\"}", "{\"memory\": \"1536Mi\"}")).isEmpty();
    assertThat(drift("{\"cpu\": \"1\"}", "{\"cpu\": \"1000m\"}")).isEmpty();
    assertThat(drift("{\"cpu\": \"1\"}", "{\"cpu\": \"2\"}")).contains("cpu");
  }

  @Test
  void anIntOrStringWrittenInTheOtherFormIsTheSame() throws Exception {
    assertThat(drift("{\"targetPort\": 8080}", "{\"targetPort\": \"8080\"}")).isEmpty();
  }

  @Test
  void emptyDesiredListsAndMapsMatchAbsentOnes() throws Exception {
    assertThat(drift("{\"spec\": {\"podSelector\": {}, \"tolerations\": []}}", "{\"spec\": {}}"))
        .isEmpty();
  }

  @Test
  void metadataComparesLabelsAnnotationsAndOwnersOnly() throws Exception {
    String desired =
        """
        {"metadata": {"name": "x", "labels": {"a": "1"}, "annotations": {"h": "abc"},
                      "ownerReferences": [{"uid": "u1", "name": "o"}]}}
        """;
    assertThat(
            drift(
                desired,
                """
                {"metadata": {"name": "x", "resourceVersion": "9", "labels": {"a": "1", "other": "y"},
                              "annotations": {"h": "abc"}, "ownerReferences": [{"uid": "u1", "name": "o"}],
                              "managedFields": [{"manager": "kubectl"}]}}
                """))
        .isEmpty();
    assertThat(
            drift(
                desired,
                """
                {"metadata": {"name": "x", "labels": {"a": "2"}, "annotations": {"h": "abc"},
                              "ownerReferences": [{"uid": "u1"}]}}
                """))
        .contains("metadata.labels.a");
    assertThat(
            drift(
                desired,
                """
                {"metadata": {"labels": {"a": "1"}, "annotations": {"h": "abc"}, "ownerReferences": []}}
                """))
        .contains("metadata.ownerReferences[u1]");
  }

  @Test
  void typedObjectsAreComparedAsTheApiServerSerialisesThem() {
    Deployment desired =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("w")
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .endSpec()
            .build();
    Deployment scaled = new DeploymentBuilder(desired).editSpec().withReplicas(3).endSpec().build();

    assertThat(Drift.find(desired, new DeploymentBuilder(desired).build())).isEmpty();
    assertThat(Drift.find(desired, scaled)).contains("spec.replicas");
    assertThat(
            Drift.find(
                new ServiceBuilder().withNewSpec().withClusterIP("None").endSpec().build(),
                new ServiceBuilder()
                    .withNewSpec()
                    .withClusterIP("None")
                    .withType("ClusterIP")
                    .endSpec()
                    .build()))
        .isEmpty();
  }

  @SuppressWarnings("unused")
  private static JsonNode tree(String json) throws Exception {
    return JSON.readTree(json);
  }
}
