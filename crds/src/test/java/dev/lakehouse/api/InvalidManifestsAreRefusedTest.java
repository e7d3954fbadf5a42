package dev.lakehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of manifests the API must refuse at admission (OpenAPI and CEL validation), each with the
 * message a user sees from kubectl. The table is src/test/resources/invalid-manifests.yaml.
 */
class InvalidManifestsAreRefusedTest {
  private static final RealApiServer API = RealApiServer.shared();

  record Case(String name, String expect, String manifest) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() throws IOException {
    try (InputStream in =
        InvalidManifestsAreRefusedTest.class.getResourceAsStream("/invalid-manifests.yaml")) {
      List<Case> cases =
          API.client()
              .getKubernetesSerialization()
              .unmarshal(in, new TypeReference<List<Case>>() {});
      assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
      assertThat(cases.stream().map(Case::name).distinct()).hasSameSizeAs(cases);
      return cases.stream();
    }
  }

  @BeforeAll
  static void createNamespace() {
    API.client()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("validation").endMetadata().build())
        .serverSideApply();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithAMessageThatSaysWhy(Case invalid) {
    CommandResult result =
        API.kubectlWithInput(invalid.manifest(), "apply", "--dry-run=server", "-f", "-");
    assertThat(result.succeeded()).as("accepted, but should be refused: " + result).isFalse();
    assertThat(result.stderr()).as(result.toString()).contains(invalid.expect());
  }
}
