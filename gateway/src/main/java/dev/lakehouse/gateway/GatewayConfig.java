package dev.lakehouse.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The gateway's settings, read from the environment only (README.md has the table).
 *
 * @param warehouse the Warehouse's name (kubernetes source)
 * @param namespace its namespace (kubernetes source)
 * @param bindAddress the address the proxy and metrics listen on
 * @param sqlPort JDBC/Thrift listen port; 0 takes any free port (tests)
 * @param connectPort Spark Connect listen port; 0 takes any free port
 * @param metricsPort HTTP port of /metrics, /load, /healthz, /readyz; 0 takes any free port
 * @param wakeTimeout how long a connection is held while no backend is routable
 * @param backendsFile the backends file of the file source, or null for the kubernetes source
 * @param backendHostTemplate backend host with {cluster} and {namespace} (kubernetes source)
 * @param backendSqlPort backends' JDBC/Thrift port (kubernetes source)
 * @param backendConnectPort backends' Spark Connect port (kubernetes source)
 */
public record GatewayConfig(
    String warehouse,
    String namespace,
    String bindAddress,
    int sqlPort,
    int connectPort,
    int metricsPort,
    Duration wakeTimeout,
    Path backendsFile,
    String backendHostTemplate,
    int backendSqlPort,
    int backendConnectPort) {

  static final String WAREHOUSE = "LAKEHOUSE_WAREHOUSE";
  static final String NAMESPACE = "LAKEHOUSE_NAMESPACE";
  static final String BIND = "LAKEHOUSE_GATEWAY_BIND";
  static final String METRICS_PORT = "LAKEHOUSE_GATEWAY_METRICS_PORT";
  static final String WAKE_TIMEOUT = "LAKEHOUSE_GATEWAY_WAKE_TIMEOUT_SECONDS";
  static final String BACKENDS = "LAKEHOUSE_GATEWAY_BACKENDS";
  static final String BACKEND_HOST = "LAKEHOUSE_GATEWAY_BACKEND_HOST";
  static final String BACKEND_SQL_PORT = "LAKEHOUSE_GATEWAY_BACKEND_SQL_PORT";
  static final String BACKEND_CONNECT_PORT = "LAKEHOUSE_GATEWAY_BACKEND_CONNECT_PORT";

  static final String DEFAULT_HOST_TEMPLATE = "{cluster}-driver.{namespace}.svc";

  /** Whether backends come from the Warehouse's Clusters rather than a file. */
  public boolean usesKubernetes() {
    return backendsFile == null;
  }

  /** The port the gateway listens on for {@code listener}. */
  public int listenPort(ListenerPort listener) {
    return listener == ListenerPort.SQL ? sqlPort : connectPort;
  }

  /** Reads and checks every setting; the first bad one throws, naming its variable. */
  public static GatewayConfig fromEnvironment(Map<String, String> env) {
    Path backendsFile = backendsFile(env);
    String warehouse = value(env, WAREHOUSE, null);
    String namespace = value(env, NAMESPACE, null);
    if (backendsFile == null) {
      if (warehouse == null) {
        throw new ConfigException(
            WAREHOUSE
                + " is not set: set it to the Warehouse's name (the kubernetes backend source"
                + " watches that Warehouse's Clusters), or set "
                + BACKENDS
                + "=file:<path> to read backends from a file");
      }
      if (namespace == null) {
        throw new ConfigException(
            NAMESPACE + " is not set: set it to the namespace of the Warehouse " + warehouse);
      }
    }
    String bind = value(env, BIND, "0.0.0.0");
    int sqlPort = port(env, ListenerPort.SQL.variable(), 10000);
    int connectPort = port(env, ListenerPort.CONNECT.variable(), 15002);
    int metricsPort = port(env, METRICS_PORT, 9090);
    requireDistinct(
        ListenerPort.SQL.variable(), sqlPort, ListenerPort.CONNECT.variable(), connectPort);
    requireDistinct(ListenerPort.SQL.variable(), sqlPort, METRICS_PORT, metricsPort);
    requireDistinct(ListenerPort.CONNECT.variable(), connectPort, METRICS_PORT, metricsPort);
    Duration wakeTimeout = Duration.ofSeconds(positiveSeconds(env, WAKE_TIMEOUT, 600));
    String hostTemplate = value(env, BACKEND_HOST, DEFAULT_HOST_TEMPLATE);
    try {
      HostTemplate.check(hostTemplate);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          BACKEND_HOST
              + "="
              + hostTemplate
              + " "
              + e.getMessage()
              + ": use a host name or address, optionally with {cluster} and {namespace}");
    }
    int backendSqlPort = port(env, BACKEND_SQL_PORT, 10000);
    int backendConnectPort = port(env, BACKEND_CONNECT_PORT, 15002);
    if (backendSqlPort == 0 || backendConnectPort == 0) {
      throw new ConfigException(
          (backendSqlPort == 0 ? BACKEND_SQL_PORT : BACKEND_CONNECT_PORT)
              + "=0 is not a port a backend listens on: set it to a number from 1 to 65535");
    }
    return new GatewayConfig(
        warehouse,
        namespace,
        bind,
        sqlPort,
        connectPort,
        metricsPort,
        wakeTimeout,
        backendsFile,
        hostTemplate,
        backendSqlPort,
        backendConnectPort);
  }

  private static Path backendsFile(Map<String, String> env) {
    String backends = value(env, BACKENDS, "kubernetes");
    if (backends.equals("kubernetes")) {
      return null;
    }
    if (backends.startsWith("file:") && backends.length() > "file:".length()) {
      return Path.of(backends.substring("file:".length()));
    }
    throw new ConfigException(
        BACKENDS
            + "="
            + backends
            + " is not understood: set it to kubernetes (the Warehouse's Clusters) or"
            + " file:<path> (a JSON backends file, see README.md)");
  }

  private static int port(Map<String, String> env, String variable, int defaultPort) {
    String text = value(env, variable, null);
    if (text == null) {
      return defaultPort;
    }
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        variable
            + "="
            + text
            + " is not a port number: set it to a number from 1 to 65535 (or unset it for "
            + defaultPort
            + ")");
  }

  private static long positiveSeconds(Map<String, String> env, String variable, long defaultValue) {
    String text = value(env, variable, null);
    if (text == null) {
      return defaultValue;
    }
    try {
      long seconds = Long.parseLong(text);
      if (seconds > 0) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        variable
            + "="
            + text
            + " is not a number of seconds: set it to a whole number above 0 (or unset it for "
            + defaultValue
            + ")");
  }

  private static void requireDistinct(String variable, int port, String otherVariable, int other) {
    if (port != 0 && port == other) {
      throw new ConfigException(
          variable + " and " + otherVariable + " are both " + port + ": give each its own port");
    }
  }

  /** A variable's value; unset and blank both mean "use the default". */
  private static String value(Map<String, String> env, String variable, String defaultValue) {
    String text = env.get(variable);
    return text == null || text.isBlank() ? defaultValue : text.trim();
  }
}
