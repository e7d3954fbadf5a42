package dev.lakehouse.e2e.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.e2e.Kubectl;
import dev.lakehouse.e2e.OperatorProcess;
import dev.lakehouse.testing.CommandResult;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * TCP connections to a pod's address, tried from a pod of a namespace of its own (no Workspace, so
 * none of the operator's NetworkPolicies select it) and from the node's network namespace. Each try
 * is one connect with a timeout, reported as {@code connected}, {@code refused} (a reset or
 * kube-router's reject), {@code timeout} or {@code error <errno>}.
 */
final class NetworkPolicyProbe implements AutoCloseable {
  static final String NAMESPACE = "netpol-probe";
  private static final String POD = "probe";
  static final String CONNECTED = "connected";

  private static final String CONNECT =
      """
      import socket, sys
      s = socket.socket()
      s.settimeout(float(sys.argv[3]))
      try:
          s.connect((sys.argv[1], int(sys.argv[2])))
          print("connected")
      except socket.timeout:
          print("timeout")
      except ConnectionRefusedError:
          print("refused")
      except OSError as e:
          print("error %s" % e.errno)
      """;

  private final Kubectl kubectl;

  private NetworkPolicyProbe(Kubectl kubectl) {
    this.kubectl = kubectl;
  }

  /**
   * A pod of the engine image (imported into the node, never pulled) that only sleeps, under the
   * restricted Pod Security profile, Ready in its own namespace.
   */
  static NetworkPolicyProbe start(Kubectl kubectl) {
    kubectl.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %1$s
          labels: {pod-security.kubernetes.io/enforce: restricted}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: %2$s, namespace: %1$s}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
          containers:
            - name: probe
              image: ghcr.io/lakehouse-dev/lakehouse-runtime:%3$s
              imagePullPolicy: Never
              command: [sleep, "900"]
              resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {memory: 128Mi}}
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        """
            .formatted(NAMESPACE, POD, defaultRuntime()));
    NetworkPolicyProbe probe = new NetworkPolicyProbe(kubectl);
    CommandResult ready =
        kubectl.run(
            "wait", "--for=condition=Ready", "pod/" + POD, "-n", NAMESPACE, "--timeout=180s");
    if (!ready.succeeded()) {
      System.out.println(kubectl.run("describe", "pod", POD, "-n", NAMESPACE));
    }
    assertThat(ready.succeeded()).as(ready.toString()).isTrue();
    return probe;
  }

  /** One connect from the probe pod. */
  String fromPod(String ip, int port) {
    CommandResult result =
        kubectl.run(
            "exec", POD, "-n", NAMESPACE, "--", "python", "-c", CONNECT, ip, "" + port, "5");
    assertThat(result.succeeded()).as(result.toString()).isTrue();
    return result.stdout().trim();
  }

  /**
   * Connects from the probe pod until one connects or the limit passes; returns the last outcome.
   * kube-router puts a new pod's address into the sets that allow it after it sees the pod, so the
   * first tries may be refused.
   */
  String awaitFromPod(String ip, int port, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    String outcome = fromPod(ip, port);
    while (!CONNECTED.equals(outcome) && System.nanoTime() < deadline) {
      OperatorProcess.sleep(1000);
      outcome = fromPod(ip, port);
    }
    return outcome;
  }

  /** One connect from the node's network namespace (the host's Python, real-node exec). */
  static String fromNode(String ip, int port) {
    CommandResult result =
        CommandResult.run(
            List.of(
                RealNode.REPO.resolve("e2e/testenv/real-node").toString(),
                "exec",
                "python3",
                "-c",
                CONNECT,
                ip,
                "" + port,
                "5"),
            null,
            1);
    assertThat(result.succeeded()).as(result.toString()).isTrue();
    return result.stdout().trim();
  }

  /** Deletes the probe's namespace (and its pod). */
  @Override
  public void close() {
    kubectl.run("delete", "namespace", NAMESPACE, "--wait=true", "--timeout=60s");
  }

  /** The default runtime's name, which tags the engine image (as real-node smoke finds it). */
  private static String defaultRuntime() {
    Properties runtimes = new Properties();
    try (Reader in =
        Files.newBufferedReader(
            RealNode.REPO.resolve("crds/src/main/resources/dev/lakehouse/runtimes.properties"))) {
      runtimes.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return runtimes.getProperty("default").trim();
  }
}
