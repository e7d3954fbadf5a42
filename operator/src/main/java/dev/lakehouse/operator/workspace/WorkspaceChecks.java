package dev.lakehouse.operator.workspace;

import dev.lakehouse.api.status.Reason;
import dev.lakehouse.api.v1alpha1.Catalog;
import dev.lakehouse.api.v1alpha1.CredentialKeys;
import dev.lakehouse.api.v1alpha1.Lineage;
import dev.lakehouse.api.v1alpha1.SecretKeyRef;
import dev.lakehouse.api.v1alpha1.Storage;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.kube.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves a Workspace's catalogs and storage against the Secrets they reference: what admission
 * cannot check. Pure apart from the {@link SecretLookup}, which only tells which keys a Secret has.
 */
public final class WorkspaceChecks {

  private WorkspaceChecks() {}

  /** The names of the Secrets a Workspace references: those its checks look up. */
  public static Set<String> secretNames(Workspace workspace) {
    Set<String> names = new TreeSet<>();
    SecretLookup recording =
        (namespace, name) -> {
          names.add(name);
          return Optional.empty();
        };
    catalogs(workspace, recording);
    storage(workspace, recording);
    return names;
  }

  public static Resolution catalogs(Workspace workspace, SecretLookup secrets) {
    List<Catalog> catalogs =
        workspace.getSpec() == null || workspace.getSpec().catalogs == null
            ? List.of()
            : workspace.getSpec().catalogs;
    String namespace = Workspaces.namespaceOf(workspace);
    List<Problem> problems = new ArrayList<>();
    for (Catalog catalog : catalogs) {
      if (catalog.properties != null) {
        catalog.properties.keySet().stream()
            .filter(CredentialKeys::isCredential)
            .sorted()
            .forEach(
                k ->
                    problems.add(
                        new Problem(
                            Reason.InvalidSpec,
                            "catalog "
                                + catalog.name
                                + ": property "
                                + k
                                + " looks like a credential; put it in a Secret and reference it from credentials.secretName")));
      }
      if (catalog.credentials != null) {
        Catalog.CatalogCredentials c = catalog.credentials;
        List<String> keys = new ArrayList<>();
        Optional.ofNullable(c.tokenKey).ifPresent(keys::add);
        Optional.ofNullable(c.clientCredentialKey).ifPresent(keys::add);
        problems.addAll(
            secretProblems("catalog " + catalog.name, namespace, c.secretName, keys, secrets));
      }
    }
    return Resolution.of(
        problems,
        catalogs.size() + (catalogs.size() == 1 ? " catalog" : " catalogs") + " resolved");
  }

  /**
   * Where the engines send data: the object storage and its buckets, and the lineage endpoint's API
   * key (reported under StorageResolved too, named "lineage").
   */
  public static Resolution storage(Workspace workspace, SecretLookup secrets) {
    String namespace = Workspaces.namespaceOf(workspace);
    List<Problem> problems = new ArrayList<>(lineageProblems(workspace, namespace, secrets));
    Storage storage = workspace.getSpec() == null ? null : workspace.getSpec().storage;
    if (storage == null || storage.s3 == null) {
      return Resolution.of(problems, "no object storage configured");
    }
    problems.addAll(credentialProblems("storage", namespace, storage.s3.credentials, secrets));
    if (storage.buckets != null) {
      for (Storage.Bucket bucket : storage.buckets) {
        problems.addAll(
            credentialProblems("bucket " + bucket.name, namespace, bucket.credentials, secrets));
      }
    }
    String endpoint = storage.s3.endpoint == null ? "AWS S3" : storage.s3.endpoint;
    return Resolution.of(problems, "S3 storage at " + endpoint + " resolved");
  }

  private static List<Problem> lineageProblems(
      Workspace workspace, String namespace, SecretLookup secrets) {
    Lineage lineage = workspace.getSpec() == null ? null : workspace.getSpec().lineage;
    if (lineage == null || lineage.openLineage == null || lineage.openLineage.apiKey == null) {
      return List.of();
    }
    SecretKeyRef apiKey = lineage.openLineage.apiKey;
    return secretProblems(
        "lineage",
        namespace,
        apiKey.name,
        apiKey.key == null ? List.of() : List.of(apiKey.key),
        secrets);
  }

  private static List<Problem> credentialProblems(
      String what, String namespace, Storage.S3Credentials credentials, SecretLookup secrets) {
    if (credentials == null) {
      return List.of();
    }
    return secretProblems(
        what,
        namespace,
        credentials.secretName,
        List.of(
            orDefault(credentials.accessKeyIdKey, "accessKeyId"),
            orDefault(credentials.secretAccessKeyKey, "secretAccessKey")),
        secrets);
  }

  private static List<Problem> secretProblems(
      String what, String namespace, String secretName, List<String> keys, SecretLookup secrets) {
    Optional<Set<String>> present = secrets.keys(namespace, secretName);
    if (present.isEmpty()) {
      return List.of(
          new Problem(
              Reason.SecretNotFound,
              what
                  + ": Secret "
                  + secretName
                  + " not found in namespace "
                  + namespace
                  + "; create it"
                  + (keys.isEmpty() ? "" : " with keys " + String.join(", ", keys))));
    }
    List<String> missing = keys.stream().filter(k -> !present.get().contains(k)).toList();
    if (missing.isEmpty()) {
      return List.of();
    }
    return List.of(
        new Problem(
            Reason.SecretKeyNotFound,
            what
                + ": Secret "
                + secretName
                + " in namespace "
                + namespace
                + " has no key "
                + String.join(", ", missing)
                + "; add it or change the key in the Workspace"));
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
