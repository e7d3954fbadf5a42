package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** kubectl, the one built for the pinned Kubernetes version, against the e2e control plane. */
public record Kubectl(Path kubeconfig) {

  /**
   * Runs kubectl; its own --timeout flags bound waits, the process limit is a backstop. A create
   * that the quota admission refused because the ResourceQuota's usage changed under it (the quota
   * controller wrote it at the same moment) is sent again, as a GitOps tool's retry would.
   */
  public CommandResult run(String... args) {
    return retryingQuotaConflicts(() -> CommandResult.run(command(args), null, 6));
  }

  public CommandResult runWithInput(String stdin, String... args) {
    return retryingQuotaConflicts(() -> CommandResult.run(command(args), stdin));
  }

  /** Runs and requires success; returns standard output. */
  public String ok(String... args) {
    CommandResult result = run(args);
    assertThat(result.succeeded()).as(result.toString()).isTrue();
    return result.stdout();
  }

  /** Applies a manifest from standard input with server-side apply. */
  public String apply(String manifest) {
    CommandResult result = runWithInput(manifest, "apply", "--server-side", "-f", "-");
    assertThat(result.succeeded()).as(result.toString()).isTrue();
    return result.stdout();
  }

  private static CommandResult retryingQuotaConflicts(
      java.util.function.Supplier<CommandResult> command) {
    CommandResult result = command.get();
    for (int retry = 0; retry < 3 && quotaConflict(result); retry++) {
      OperatorProcess.sleep(500);
      result = command.get();
    }
    return result;
  }

  private static boolean quotaConflict(CommandResult result) {
    return !result.succeeded()
        && result.stderr().contains("Operation cannot be fulfilled on resourcequotas");
  }

  /**
   * A JSONPath field of an object, for example jsonpath("clusters.lakehouse.dev/a", "ns",
   * ".status.phase").
   */
  public String jsonpath(String resource, String namespace, String path) {
    CommandResult result = run("get", resource, "-n", namespace, "-o", "jsonpath={" + path + "}");
    return result.succeeded() ? result.stdout().trim() : "";
  }

  /**
   * Writes a kubeconfig with a token of a ServiceAccount (the chart's, a Warehouse gateway's) for
   * the same API server: what runs with it has that account's permissions and no more.
   */
  public Path serviceAccountKubeconfig(
      String serviceAccount, String namespace, String duration, Path file)
      throws java.io.IOException {
    String token =
        ok("create", "token", serviceAccount, "-n", namespace, "--duration=" + duration).trim();
    java.nio.file.Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: e2e, cluster: {server: "%s", certificate-authority-data: "%s"}}]
        users: [{name: %s, user: {token: "%s"}}]
        contexts: [{name: e2e, context: {cluster: e2e, user: %s}}]
        current-context: e2e
        """
            .formatted(
                kubeconfigField("server"),
                kubeconfigField("certificate-authority-data"),
                serviceAccount,
                token,
                serviceAccount));
    return file;
  }

  private String kubeconfigField(String field) {
    return ok(
        "config",
        "view",
        "--raw",
        "--minify",
        "--flatten",
        "-o",
        "jsonpath={.clusters[0].cluster." + field + "}");
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(TestEnvironment.kubectl().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    return command;
  }
}
