package dev.lakehouse.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** What the Secret informers' caches keep of a Secret: its name and key names, nothing else. */
class SecretKeysTest {
  static final String SENTINEL = "SENTINEL-v4lue";

  static Secret secret() {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("s3")
        .withNamespace("team-a")
        .withUid("uid-1")
        .withResourceVersion("42")
        .addToLabels("team", SENTINEL)
        .addToAnnotations(
            "kubectl.kubernetes.io/last-applied-configuration",
            "{\"stringData\":{\"secretAccessKey\":\"" + SENTINEL + "\"}}")
        .endMetadata()
        .withType("Opaque")
        .addToData("accessKeyId", "QUtJQQ==")
        .addToData("secretAccessKey", "U0VOVElORUw=")
        .addToStringData("token", SENTINEL)
        .build();
  }

  @Test
  void keepsNamesAndKeysWithEmptyValues() {
    Secret kept = SecretKeys.keysOnly(secret());

    assertThat(kept.getMetadata().getName()).isEqualTo("s3");
    assertThat(kept.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(kept.getData())
        .containsOnlyKeys("accessKeyId", "secretAccessKey", "token")
        .allSatisfy((k, v) -> assertThat(v).isEmpty());
    assertThat(kept.getStringData()).isNullOrEmpty();
  }

  @Test
  void keepsNoValueLabelOrAnnotation() {
    String json = new KubernetesSerialization().asJson(SecretKeys.keysOnly(secret()));

    assertThat(json).doesNotContain(SENTINEL).doesNotContain("QUtJQQ==").doesNotContain("U0VO");
    assertThat(json).doesNotContain("last-applied").doesNotContain("labels");
  }

  @Test
  void keysAreOfDataAndStringData() {
    assertThat(SecretKeys.keysOf(secret()))
        .containsExactly("accessKeyId", "secretAccessKey", "token");
    assertThat(SecretKeys.keysOf(new Secret())).isEmpty();
  }
}
