package dev.lakehouse.operator.workspace;

import static dev.lakehouse.operator.workspace.WorkspaceFixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.CredentialKeys;
import dev.lakehouse.api.v1alpha1.Workspace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspaceChecksTest {

  /** Secrets by namespace/name, with the keys they have; records which Secrets were looked up. */
  static final class Secrets implements SecretLookup {
    final Map<String, Set<String>> byName = new HashMap<>();
    final List<String> lookedUp = new ArrayList<>();

    Secrets with(String namespace, String name, String... keys) {
      byName.put(namespace + "/" + name, Set.of(keys));
      return this;
    }

    @Override
    public Optional<Set<String>> keys(String namespace, String name) {
      lookedUp.add(namespace + "/" + name);
      return Optional.ofNullable(byName.get(namespace + "/" + name));
    }
  }

  static final String POLARIS_WITH_CREDENTIALS =
      """
      catalogs:
      - name: lake
        type: IcebergRest
        uri: https://polaris:8181/api/catalog
        credentials:
          secretName: polaris-oauth
          tokenKey: token
          clientCredentialKey: client
      """;

  static final String S3_WITH_CREDENTIALS =
      """
      storage:
        s3:
          endpoint: http://minio.storage:9000
          credentials:
            secretName: lakehouse-s3
      """;

  static final String LINEAGE_WITH_API_KEY =
      """
      lineage:
        openLineage:
          endpoint: http://marquez:5000
          apiKey: {name: marquez-api, key: token}
      """;

  @Nested
  class Catalogs {
    @Test
    void noCatalogsResolve() {
      Resolution r = WorkspaceChecks.catalogs(workspace("description: x\n"), new Secrets());

      assertThat(r.resolved()).isTrue();
      assertThat(r.reason()).isEqualTo(Reason.Resolved);
      assertThat(r.message()).isEqualTo("0 catalogs resolved");
    }

    @Test
    void oneCatalogWithoutCredentialsResolves() {
      Resolution r =
          WorkspaceChecks.catalogs(
              workspace(
                  """
          catalogs:
          - name: lake
            type: IcebergRest
            uri: http://nessie:19120/iceberg
          """),
              new Secrets());

      assertThat(r.resolved()).isTrue();
      assertThat(r.message()).isEqualTo("1 catalog resolved");
    }

    @Test
    void catalogWhoseSecretHasTheKeysResolves() {
      Resolution r =
          WorkspaceChecks.catalogs(
              workspace(POLARIS_WITH_CREDENTIALS),
              new Secrets().with("analytics", "polaris-oauth", "token", "client"));

      assertThat(r.resolved()).isTrue();
    }

    @Test
    void missingCatalogSecretIsSecretNotFoundNamingSecretNamespaceAndKeys() {
      Resolution r = WorkspaceChecks.catalogs(workspace(POLARIS_WITH_CREDENTIALS), new Secrets());

      assertThat(r.resolved()).isFalse();
      assertThat(r.reason()).isEqualTo(Reason.SecretNotFound);
      assertThat(r.message())
          .contains("catalog lake")
          .contains("Secret polaris-oauth")
          .contains("namespace analytics")
          .contains("token")
          .contains("client");
    }

    @Test
    void missingKeyOfACatalogSecretIsSecretKeyNotFoundNamingTheKey() {
      Resolution r =
          WorkspaceChecks.catalogs(
              workspace(POLARIS_WITH_CREDENTIALS),
              new Secrets().with("analytics", "polaris-oauth", "token"));

      assertThat(r.resolved()).isFalse();
      assertThat(r.reason()).isEqualTo(Reason.SecretKeyNotFound);
      assertThat(r.message())
          .contains("catalog lake")
          .contains("Secret polaris-oauth")
          .contains("has no key client")
          .doesNotContain("has no key token");
    }

    @Test
    void catalogSecretWithoutNamedKeysOnlyHasToExist() {
      Resolution r =
          WorkspaceChecks.catalogs(
              workspace(
                  """
          catalogs:
          - name: lake
            type: IcebergRest
            uri: http://nessie:19120/iceberg
            credentials:
              secretName: nessie-auth
          """),
              new Secrets().with("analytics", "nessie-auth"));

      assertThat(r.resolved()).isTrue();
    }

    @Test
    void secretsAreLookedUpInTheWorkspacesNamespace() {
      Secrets secrets = new Secrets();

      WorkspaceChecks.catalogs(
          workspace("namespace: team-a\n" + POLARIS_WITH_CREDENTIALS), secrets);

      assertThat(secrets.lookedUp).containsExactly("team-a/polaris-oauth");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"client-secret", "password", "s3.Credential.file", "TOKEN", "oauth2-token-uri"})
    void credentialLikePropertyIsInvalidSpec(String key) {
      Resolution r =
          WorkspaceChecks.catalogs(
              workspace(
                  """
          catalogs:
          - name: lake
            type: IcebergRest
            uri: http://nessie:19120/iceberg
            properties:
              "%s": whatever
          """
                      .formatted(key)),
              new Secrets());

      assertThat(r.resolved()).isFalse();
      assertThat(r.reason()).isEqualTo(Reason.InvalidSpec);
      assertThat(r.message())
          .contains("catalog lake")
          .contains("property " + key)
          .contains("credentials.secretName");
    }

    /**
     * The renderer drops these keys as credentials; the Workspace must say so instead of staying
     * silent.
     */
    @ParameterizedTest
    @ValueSource(strings = {"header.X-Api-Key", "rest.access.key"})
    void everyPropertyTheRendererDropsAsACredentialIsInvalidSpec(String key) {
      assertThat(CredentialKeys.isCredential(key)).isTrue();

      Resolution r =
          WorkspaceChecks.catalogs(
              workspace(
                  """
          catalogs:
          - name: lake
            type: IcebergRest
            uri: http://nessie:19120/iceberg
            properties:
              "%s": whatever
          """
                      .formatted(key)),
              new Secrets());

      assertThat(r.reason()).isEqualTo(Reason.InvalidSpec);
      assertThat(r.message()).contains("property " + key);
    }

    @Test
    void credentialLikePropertyValueIsNotRepeatedInTheMessage() {
      Resolution r =
          WorkspaceChecks.catalogs(
              workspace(
                  """
          catalogs:
          - name: lake
            type: IcebergRest
            uri: http://nessie:19120/iceberg
            properties:
              token: s3cr3t-SENTINEL-value
          """),
              new Secrets());

      assertThat(r.message()).doesNotContain("s3cr3t-SENTINEL-value");
    }

    @Test
    void ordinaryPropertiesResolve() {
      Resolution r =
          WorkspaceChecks.catalogs(
              workspace(
                  """
          catalogs:
          - name: lake
            type: IcebergRest
            uri: http://nessie:19120/iceberg
            properties:
              io-impl: org.apache.iceberg.aws.s3.S3FileIO
              cache-enabled: "false"
          """),
              new Secrets());

      assertThat(r.resolved()).isTrue();
    }

    @Test
    void everyProblemIsInTheMessageAndTheFirstGivesTheReason() {
      Resolution r =
          WorkspaceChecks.catalogs(
              workspace(
                  """
          catalogs:
          - name: lake
            type: IcebergRest
            uri: http://nessie:19120/iceberg
            properties:
              password: x
              token: y
          - name: other
            type: IcebergRest
            uri: http://polaris:8181/api/catalog
            credentials:
              secretName: missing
          """),
              new Secrets());

      assertThat(r.reason()).isEqualTo(Reason.InvalidSpec);
      assertThat(r.message())
          .containsSubsequence(
              "catalog lake: property password",
              "catalog lake: property token",
              "catalog other: Secret missing not found");
    }
  }

  @Nested
  class Storage {
    @Test
    void noStorageResolves() {
      Resolution r = WorkspaceChecks.storage(workspace("description: x\n"), new Secrets());

      assertThat(r.resolved()).isTrue();
      assertThat(r.message()).isEqualTo("no object storage configured");
    }

    @Test
    void storageWithoutCredentialsResolvesNamingTheEndpoint() {
      Secrets secrets = new Secrets();
      Resolution r =
          WorkspaceChecks.storage(
              workspace(
                  """
          storage:
            s3:
              endpoint: http://minio.storage:9000
          """),
              secrets);

      assertThat(r.resolved()).isTrue();
      assertThat(r.message()).contains("http://minio.storage:9000");
      assertThat(secrets.lookedUp).isEmpty();
    }

    @Test
    void missingLineageApiKeySecretIsSecretNotFoundNamedLineage() {
      Resolution r = WorkspaceChecks.storage(workspace(LINEAGE_WITH_API_KEY), new Secrets());

      assertThat(r.resolved()).isFalse();
      assertThat(r.reason()).isEqualTo(Reason.SecretNotFound);
      assertThat(r.message())
          .contains("lineage: Secret marquez-api not found in namespace analytics")
          .contains("with keys token");
    }

    @Test
    void lineageApiKeySecretWithoutTheKeyIsSecretKeyNotFound() {
      Resolution r =
          WorkspaceChecks.storage(
              workspace(LINEAGE_WITH_API_KEY),
              new Secrets().with("analytics", "marquez-api", "other"));

      assertThat(r.reason()).isEqualTo(Reason.SecretKeyNotFound);
      assertThat(r.message()).contains("lineage: Secret marquez-api").contains("has no key token");
    }

    @Test
    void lineageApiKeySecretWithTheKeyResolves() {
      Secrets secrets = new Secrets().with("analytics", "marquez-api", "token");

      assertThat(WorkspaceChecks.storage(workspace(LINEAGE_WITH_API_KEY), secrets).resolved())
          .isTrue();
      assertThat(WorkspaceChecks.secretNames(workspace(LINEAGE_WITH_API_KEY)))
          .as("a change of the Secret reconciles the Workspace")
          .contains("marquez-api");
    }

    @Test
    void storageWithoutEndpointIsAwsS3() {
      Resolution r =
          WorkspaceChecks.storage(
              workspace("storage:\n  s3:\n    region: eu-west-1\n"), new Secrets());

      assertThat(r.message()).contains("AWS S3");
    }

    @Test
    void storageSecretWithTheDefaultKeysResolves() {
      Resolution r =
          WorkspaceChecks.storage(
              workspace(S3_WITH_CREDENTIALS),
              new Secrets().with("analytics", "lakehouse-s3", "accessKeyId", "secretAccessKey"));

      assertThat(r.resolved()).isTrue();
    }

    @Test
    void missingStorageSecretIsSecretNotFoundNamingTheDefaultKeys() {
      Resolution r = WorkspaceChecks.storage(workspace(S3_WITH_CREDENTIALS), new Secrets());

      assertThat(r.resolved()).isFalse();
      assertThat(r.reason()).isEqualTo(Reason.SecretNotFound);
      assertThat(r.message())
          .contains("storage: Secret lakehouse-s3 not found in namespace analytics")
          .contains("accessKeyId")
          .contains("secretAccessKey");
    }

    @Test
    void missingCustomKeyIsSecretKeyNotFoundNamingIt() {
      Resolution r =
          WorkspaceChecks.storage(
              workspace(
                  """
          storage:
            s3:
              credentials:
                secretName: lakehouse-s3
                accessKeyIdKey: AWS_ACCESS_KEY_ID
                secretAccessKeyKey: AWS_SECRET_ACCESS_KEY
          """),
              new Secrets()
                  .with(
                      "analytics",
                      "lakehouse-s3",
                      "AWS_ACCESS_KEY_ID",
                      "accessKeyId",
                      "secretAccessKey"));

      assertThat(r.resolved()).isFalse();
      assertThat(r.reason()).isEqualTo(Reason.SecretKeyNotFound);
      assertThat(r.message())
          .contains("has no key AWS_SECRET_ACCESS_KEY")
          .doesNotContain("no key AWS_ACCESS_KEY_ID");
    }

    @Test
    void blankCustomKeyFallsBackToTheDefault() {
      Resolution r =
          WorkspaceChecks.storage(
              workspace(
                  """
          storage:
            s3:
              credentials:
                secretName: lakehouse-s3
                accessKeyIdKey: ""
          """),
              new Secrets().with("analytics", "lakehouse-s3", "accessKeyId", "secretAccessKey"));

      assertThat(r.resolved()).isTrue();
    }

    @Test
    void bucketCredentialsAreCheckedAndNamedByBucket() {
      Resolution r =
          WorkspaceChecks.storage(
              workspace(
                  """
          storage:
            s3:
              endpoint: http://minio.storage:9000
            buckets:
            - name: archive
              credentials:
                secretName: archive-keys
          """),
              new Secrets());

      assertThat(r.resolved()).isFalse();
      assertThat(r.reason()).isEqualTo(Reason.SecretNotFound);
      assertThat(r.message()).contains("bucket archive: Secret archive-keys not found");
    }

    @Test
    void storageProblemsOfConnectionAndBucketsAreAllReported() {
      Resolution r =
          WorkspaceChecks.storage(
              workspace(
                  """
          storage:
            s3:
              credentials:
                secretName: lakehouse-s3
            buckets:
            - name: archive
              credentials:
                secretName: archive-keys
          """),
              new Secrets().with("analytics", "archive-keys", "accessKeyId"));

      assertThat(r.reason()).isEqualTo(Reason.SecretNotFound);
      assertThat(r.message())
          .contains("storage: Secret lakehouse-s3 not found")
          .contains(
              "bucket archive: Secret archive-keys in namespace analytics has no key secretAccessKey");
    }

    @Test
    void storageSecretsAreLookedUpInTheWorkspacesNamespace() {
      Secrets secrets = new Secrets();

      WorkspaceChecks.storage(workspace("namespace: team-a\n" + S3_WITH_CREDENTIALS), secrets);

      assertThat(secrets.lookedUp).containsExactly("team-a/lakehouse-s3");
    }
  }

  @Nested
  class SecretNames {
    @Test
    void areEverySecretOfCatalogsStorageAndBuckets() {
      Workspace w =
          workspace(
              POLARIS_WITH_CREDENTIALS
                  + """
          storage:
            s3:
              credentials:
                secretName: lakehouse-s3
            buckets:
            - name: archive
              credentials:
                secretName: archive-keys
          """);

      assertThat(WorkspaceChecks.secretNames(w))
          .containsExactly("archive-keys", "lakehouse-s3", "polaris-oauth");
    }

    @Test
    void noneWithoutCredentials() {
      assertThat(WorkspaceChecks.secretNames(workspace("description: x\n"))).isEmpty();
    }
  }
}
