package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.List;

/**
 * A full control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok's
 * simulated nodes) started by e2e/testenv/testenv under its own name, so it runs beside a
 * quick-start control plane.
 */
public final class LocalControlPlane implements AutoCloseable {
  private final String name;
  private final Path kubeconfig;
  private final Path auditLog;

  private LocalControlPlane(String name, Path kubeconfig, Path auditLog) {
    this.name = name;
    this.kubeconfig = kubeconfig;
    this.auditLog = auditLog;
  }

  public static LocalControlPlane start(String name) {
    run(name, "down"); // a control plane left by an interrupted run would hold stale objects
    CommandResult up = run(name, "up");
    assertThat(up.succeeded()).as(up.toString()).isTrue();
    Path kubeconfig = Path.of(up.stdout().trim().lines().reduce((a, b) -> b).orElseThrow());
    Path auditLog = Path.of(run(name, "audit-log").stdout().trim());
    return new LocalControlPlane(name, kubeconfig, auditLog);
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path auditLog() {
    return auditLog;
  }

  public Kubectl kubectl() {
    return new Kubectl(kubeconfig);
  }

  @Override
  public void close() {
    run(name, "down");
  }

  private static CommandResult run(String name, String verb) {
    Path script = TestEnvironment.repoRoot().resolve("e2e/testenv/testenv");
    ProcessBuilder builder = new ProcessBuilder(List.of(script.toString(), verb));
    builder.environment().put("LAKEHOUSE_CLUSTER", name);
    return CommandResult.run(builder);
  }
}
