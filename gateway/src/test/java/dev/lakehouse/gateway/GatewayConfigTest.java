package dev.lakehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static Map<String, String> kubernetes(String... more) {
    Map<String, String> env = env(more);
    env.put("LAKEHOUSE_WAREHOUSE", "wh");
    env.put("LAKEHOUSE_NAMESPACE", "analytics");
    return env;
  }

  @Test
  void defaultsFollowTheContract() {
    GatewayConfig config = GatewayConfig.fromEnvironment(kubernetes());

    assertThat(config.usesKubernetes()).isTrue();
    assertThat(config.warehouse()).isEqualTo("wh");
    assertThat(config.namespace()).isEqualTo("analytics");
    assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(config.sqlPort()).isEqualTo(10000);
    assertThat(config.connectPort()).isEqualTo(15002);
    assertThat(config.metricsPort()).isEqualTo(9090);
    assertThat(config.wakeTimeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(config.backendHostTemplate()).isEqualTo("{cluster}-driver.{namespace}.svc");
    assertThat(config.backendSqlPort()).isEqualTo(10000);
    assertThat(config.backendConnectPort()).isEqualTo(15002);
  }

  @Test
  void readsEverySetting() {
    GatewayConfig config =
        GatewayConfig.fromEnvironment(
            env(
                "LAKEHOUSE_GATEWAY_BACKENDS", "file:/tmp/b.json",
                "LAKEHOUSE_GATEWAY_BIND", "127.0.0.1",
                "LAKEHOUSE_SQL_PORT", "20000",
                "LAKEHOUSE_CONNECT_PORT", "25002",
                "LAKEHOUSE_GATEWAY_METRICS_PORT", "29090",
                "LAKEHOUSE_GATEWAY_WAKE_TIMEOUT_SECONDS", "5",
                "LAKEHOUSE_GATEWAY_BACKEND_HOST", "127.0.0.1",
                "LAKEHOUSE_GATEWAY_BACKEND_SQL_PORT", "30000",
                "LAKEHOUSE_GATEWAY_BACKEND_CONNECT_PORT", "35002"));

    assertThat(config.usesKubernetes()).isFalse();
    assertThat(config.backendsFile()).isEqualTo(Path.of("/tmp/b.json"));
    assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(config.listenPort(ListenerPort.SQL)).isEqualTo(20000);
    assertThat(config.listenPort(ListenerPort.CONNECT)).isEqualTo(25002);
    assertThat(config.metricsPort()).isEqualTo(29090);
    assertThat(config.wakeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.backendHostTemplate()).isEqualTo("127.0.0.1");
    assertThat(config.backendSqlPort()).isEqualTo(30000);
    assertThat(config.backendConnectPort()).isEqualTo(35002);
  }

  @Test
  void theKubernetesSourceNeedsTheWarehouseAndItsNamespace() {
    assertThatThrownBy(() -> GatewayConfig.fromEnvironment(env("LAKEHOUSE_NAMESPACE", "ns")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("LAKEHOUSE_WAREHOUSE is not set: set it to the Warehouse's name");
    assertThatThrownBy(
            () ->
                GatewayConfig.fromEnvironment(
                    env("LAKEHOUSE_WAREHOUSE", "wh", "LAKEHOUSE_NAMESPACE", " ")))
        .hasMessageStartingWith("LAKEHOUSE_NAMESPACE is not set");
  }

  @Test
  void badValuesNameTheirVariableAndTheFix() {
    assertThatThrownBy(
            () -> GatewayConfig.fromEnvironment(kubernetes("LAKEHOUSE_SQL_PORT", "ten thousand")))
        .hasMessage(
            "LAKEHOUSE_SQL_PORT=ten thousand is not a port number: set it to a number from 1 to"
                + " 65535 (or unset it for 10000)");
    assertThatThrownBy(
            () ->
                GatewayConfig.fromEnvironment(
                    kubernetes("LAKEHOUSE_GATEWAY_METRICS_PORT", "70000")))
        .hasMessageStartingWith("LAKEHOUSE_GATEWAY_METRICS_PORT=70000 is not a port number");
    assertThatThrownBy(
            () ->
                GatewayConfig.fromEnvironment(
                    kubernetes("LAKEHOUSE_GATEWAY_WAKE_TIMEOUT_SECONDS", "0")))
        .hasMessageStartingWith(
            "LAKEHOUSE_GATEWAY_WAKE_TIMEOUT_SECONDS=0 is not a number of seconds: set it to a whole"
                + " number above 0");
    assertThatThrownBy(
            () -> GatewayConfig.fromEnvironment(kubernetes("LAKEHOUSE_GATEWAY_BACKENDS", "consul")))
        .hasMessageStartingWith(
            "LAKEHOUSE_GATEWAY_BACKENDS=consul is not understood: set it to kubernetes");
    assertThatThrownBy(
            () -> GatewayConfig.fromEnvironment(env("LAKEHOUSE_GATEWAY_BACKENDS", "file:")))
        .hasMessageStartingWith("LAKEHOUSE_GATEWAY_BACKENDS=file: is not understood");
    assertThatThrownBy(
            () ->
                GatewayConfig.fromEnvironment(
                    kubernetes("LAKEHOUSE_GATEWAY_BACKEND_HOST", "{pod}.svc")))
        .hasMessageStartingWith(
            "LAKEHOUSE_GATEWAY_BACKEND_HOST={pod}.svc has an unknown placeholder {pod}");
    assertThatThrownBy(
            () ->
                GatewayConfig.fromEnvironment(
                    kubernetes("LAKEHOUSE_GATEWAY_BACKEND_SQL_PORT", "0")))
        .hasMessageStartingWith(
            "LAKEHOUSE_GATEWAY_BACKEND_SQL_PORT=0 is not a port a backend listens on");
  }

  @Test
  void twoListenersCannotShareAPort() {
    assertThatThrownBy(
            () -> GatewayConfig.fromEnvironment(kubernetes("LAKEHOUSE_CONNECT_PORT", "10000")))
        .hasMessage(
            "LAKEHOUSE_SQL_PORT and LAKEHOUSE_CONNECT_PORT are both 10000: give each its own port");
    assertThatThrownBy(
            () ->
                GatewayConfig.fromEnvironment(
                    kubernetes("LAKEHOUSE_GATEWAY_METRICS_PORT", "15002")))
        .hasMessageStartingWith(
            "LAKEHOUSE_CONNECT_PORT and LAKEHOUSE_GATEWAY_METRICS_PORT are both 15002");
  }

  @Test
  void aPortInUseIsReportedWithItsVariable() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      GatewayConfig config =
          new GatewayConfig(
              null,
              null,
              "127.0.0.1",
              0,
              taken.getLocalPort(),
              0,
              Duration.ofSeconds(1),
              Path.of("/nonexistent/backends.json"),
              "{cluster}",
              1,
              2);
      assertThatThrownBy(
              () ->
                  Gateway.start(
                      config, new FileBackendSource(config.backendsFile(), Duration.ofSeconds(1))))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("LAKEHOUSE_CONNECT_PORT");
    }
  }
}
