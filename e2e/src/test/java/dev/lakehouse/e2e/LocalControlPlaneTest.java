package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ports a stopped component's command line listens on, which the control plane holds. */
class LocalControlPlaneTest {
  @Test
  void listeningPortsAreTheServingFlagsOnly() {
    assertThat(
            LocalControlPlane.listeningPorts(
                List.of(
                    "/bin/etcd",
                    "--name=node0",
                    "--initial-advertise-peer-urls=http://127.0.0.1:32766",
                    "--listen-peer-urls=http://127.0.0.1:32766",
                    "--advertise-client-urls=http://127.0.0.1:32765",
                    "--listen-client-urls=http://127.0.0.1:32765,http://127.0.0.1:32767/",
                    "--initial-cluster=node0=http://127.0.0.1:32766")))
        .containsExactly(32766, 32765, 32767);
    assertThat(
            LocalControlPlane.listeningPorts(
                List.of(
                    "/bin/kube-apiserver",
                    "--etcd-servers=http://127.0.0.1:32765",
                    "--bind-address=127.0.0.1",
                    "--secure-port=32764")))
        .containsExactly(32764);
  }
}
