package dev.lakehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.testing.CommandResult;
import dev.lakehouse.testing.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A full control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok's
 * simulated nodes) started by e2e/testenv/testenv under its own name, so it runs beside a
 * quick-start control plane.
 *
 * <p>Its components are processes that kwokctl started (binary runtime), each with a pid file under
 * {@code <cluster>/pids/} and a log under {@code <cluster>/logs/}. {@link #stopComponent} and
 * {@link #startComponent} stop one and start it again as it was, as an upgrade or a crash of a
 * control-plane node would: kwokctl itself does not bring a stopped component back.
 */
public final class LocalControlPlane implements AutoCloseable {
  /** The components, in the pid files' names. */
  public static final String ETCD = "etcd";

  public static final String KUBE_APISERVER = "kube-apiserver";

  /**
   * Every component, in the order they start. kube-controller-manager and kube-scheduler exit when
   * they lose their leader-election Lease (an API server away for longer than their renew deadline,
   * 10 s); on a real control plane the kubelet restarts them, here {@link #restartExited} does.
   */
  public static final List<String> COMPONENTS =
      List.of(ETCD, KUBE_APISERVER, "kube-controller-manager", "kube-scheduler", "kwok-controller");

  private final String name;
  private final Path kubeconfig;
  private final Path auditLog;

  /** How each component was started: argv, working directory and environment. */
  private final Map<String, Launch> launches = new ConcurrentHashMap<>();

  /** Components stopped on purpose, which {@link #restartExited} leaves alone. */
  private final Set<String> held = ConcurrentHashMap.newKeySet();

  /** The ports of stopped components, held until they start again. */
  private final Map<String, List<PortHold>> holds = new ConcurrentHashMap<>();

  /** When each component was last restarted by {@link #restartExited}, and how many times. */
  private final Map<String, Instant> lastRestart = new ConcurrentHashMap<>();

  private final Map<String, Integer> restarts = new ConcurrentHashMap<>();

  /** The flags of a component's listening ports. */
  private static final Pattern LISTEN_FLAG =
      Pattern.compile("^--(?:secure-port|port)=(\\d+)$|^--listen-[a-z-]+-urls=(.*)$");

  private static final Pattern URL_PORT = Pattern.compile(":(\\d+)(?:/|,|$)");

  private record Launch(List<String> argv, Path cwd, Map<String, String> env) {}

  private LocalControlPlane(String name, Path kubeconfig, Path auditLog) {
    this.name = name;
    this.kubeconfig = kubeconfig;
    this.auditLog = auditLog;
  }

  public static LocalControlPlane start(String name) {
    return start(name, Map.of());
  }

  /**
   * Starts a control plane with testenv's settings in {@code env} (for scale runs: LAKEHOUSE_NODES,
   * LAKEHOUSE_NODE_CPU, LAKEHOUSE_NODE_PODS, LAKEHOUSE_SERVICE_CIDR).
   */
  public static LocalControlPlane start(String name, Map<String, String> env) {
    run(name, "down", env); // a control plane left by an interrupted run would hold stale objects
    CommandResult up = run(name, "up", env);
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

  /** The directory kwokctl keeps this cluster in (pids/, logs/, pki/, etcd/). */
  public Path clusterDirectory() {
    return auditLog.getParent().getParent();
  }

  /** The pid of a running component, from its pid file. */
  public long pid(String component) {
    try {
      return Long.parseLong(
          Files.readString(clusterDirectory().resolve("pids").resolve(component + ".pid")).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when the component's process (from its pid file) runs. */
  public boolean isRunning(String component) {
    try {
      return running(pid(component));
    } catch (UncheckedIOException | NumberFormatException e) {
      return false;
    }
  }

  /**
   * Remembers how every component runs now (from /proc), so that one that exits later can be
   * started again by {@link #startComponent} or {@link #restartExited}.
   */
  public void rememberComponents() {
    for (String component : COMPONENTS) {
      launches.put(component, launchOf(pid(component)));
    }
  }

  /**
   * Starts again, as a kubelet restarts a static pod, every remembered component that exited and
   * was not stopped on purpose; returns those it started.
   */
  public synchronized List<String> restartExited() {
    List<String> restarted = new ArrayList<>();
    for (String component : COMPONENTS) {
      if (launches.containsKey(component) && !held.contains(component) && !isRunning(component)) {
        // A kubelet's back-off: again at once, then after 10 s, doubling up to 5 minutes.
        int times = restarts.getOrDefault(component, 0);
        Instant last = lastRestart.get(component);
        long backoffSeconds = times == 0 ? 0 : Math.min(300, 10L << Math.min(times - 1, 5));
        if (last != null && Instant.now().isBefore(last.plusSeconds(backoffSeconds))) {
          continue;
        }
        if (last != null && Instant.now().isAfter(last.plusSeconds(600))) {
          times = 0; // ran for ten minutes: the back-off starts over
        }
        startComponent(component);
        restarts.put(component, times + 1);
        lastRestart.put(component, Instant.now());
        restarted.add(component);
      }
    }
    return restarted;
  }

  /**
   * Stops a component as a node's shutdown would: SIGTERM, then SIGKILL after {@code grace} (a
   * kube-apiserver may take a minute to drain after it stopped listening). Remembers how it was
   * started, for {@link #startComponent}. Returns true when it exited within the grace period.
   */
  public synchronized boolean stopComponent(String component, Duration grace) {
    long pid = pid(component);
    ProcessHandle process =
        ProcessHandle.of(pid)
            .orElseThrow(
                () -> new IllegalStateException(component + " (" + pid + ") is not running"));
    launches.put(component, launchOf(pid));
    held.add(component);
    process.destroy();
    boolean graceful = awaitExit(process, grace);
    if (!graceful) {
      process.destroyForcibly();
      if (!awaitExit(process, Duration.ofSeconds(30))) {
        throw new IllegalStateException(component + " (" + pid + ") survived SIGKILL");
      }
    }
    // Another control plane created meanwhile on this machine (kwokctl takes the first free port
    // below 32768) must not take the ports: they are held, refusing every connection, until the
    // component starts again.
    holds.put(component, hold(launches.get(component).argv()));
    return graceful;
  }

  /**
   * Starts a component stopped by {@link #stopComponent} again with the same command line, working
   * directory and environment, its output appended to its log, and its pid file rewritten (so
   * {@code testenv down} stops it as any other). Returns the new pid.
   */
  public synchronized long startComponent(String component) {
    Launch launch = launches.get(component);
    if (launch == null) {
      throw new IllegalStateException(component + " was not stopped or remembered by this test");
    }
    held.remove(component);
    holds.getOrDefault(component, List.of()).forEach(PortHold::close);
    holds.remove(component);
    List<String> command = new ArrayList<>();
    // Its own session, as kwokctl starts components: a signal to the test's process group does not
    // reach it. setsid execs in place in a child that leads no group, so the pid stays the same.
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.addAll(launch.argv());
    Path log = clusterDirectory().resolve("logs").resolve(component + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(launch.cwd().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().clear();
    builder.environment().putAll(launch.env());
    try {
      Process process = builder.start();
      Files.writeString(
          clusterDirectory().resolve("pids").resolve(component + ".pid"),
          Long.toString(process.pid()));
      return process.pid();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the API server answers /readyz; the time it took. */
  public Duration awaitApiServerReady(Duration timeout) {
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (kubectl().run("get", "--raw", "/readyz", "--request-timeout=2s").succeeded()) {
        return Duration.between(start, Instant.now());
      }
      OperatorProcess.sleep(200);
    }
    throw new AssertionError("the API server was not ready within " + timeout);
  }

  private static Launch launchOf(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      List<String> argv = split(Files.readAllBytes(proc.resolve("cmdline")));
      Map<String, String> env = new LinkedHashMap<>();
      for (String entry : split(Files.readAllBytes(proc.resolve("environ")))) {
        int eq = entry.indexOf('=');
        if (eq > 0) {
          env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
      }
      return new Launch(argv, proc.resolve("cwd").toRealPath(), env);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read how process " + pid + " was started", e);
    }
  }

  /** Holds the listening ports of a component's command line. */
  private static List<PortHold> hold(List<String> argv) {
    List<PortHold> out = new ArrayList<>();
    for (int port : listeningPorts(argv)) {
      try {
        out.add(new PortHold(port));
      } catch (IOException e) {
        // taken already: starting the component again will say so in its log
      }
    }
    return out;
  }

  static List<Integer> listeningPorts(List<String> argv) {
    List<Integer> ports = new ArrayList<>();
    for (String arg : argv) {
      Matcher flag = LISTEN_FLAG.matcher(arg);
      if (!flag.matches()) {
        continue;
      }
      if (flag.group(1) != null) {
        ports.add(Integer.parseInt(flag.group(1)));
      } else {
        Matcher url = URL_PORT.matcher(flag.group(2));
        while (url.find()) {
          ports.add(Integer.parseInt(url.group(1)));
        }
      }
    }
    return ports.stream().distinct().toList();
  }

  /** A port held by a listener that closes every connection at once, as a stopped server's. */
  private static final class PortHold implements AutoCloseable {
    private final ServerSocket socket;

    PortHold(int port) throws IOException {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      Thread acceptor =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    socket.accept().close();
                  } catch (IOException e) {
                    // closed
                  }
                }
              },
              "port-hold-" + port);
      acceptor.setDaemon(true);
      acceptor.start();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }

  /** Alive and not a zombie (state Z or X in /proc/<pid>/stat). */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return !"Z".equals(state) && !"X".equals(state);
    } catch (IOException | IndexOutOfBoundsException e) {
      return false;
    }
  }

  private static List<String> split(byte[] nulSeparated) {
    String text = new String(nulSeparated, StandardCharsets.UTF_8);
    return Arrays.stream(text.split("\0")).filter(part -> !part.isEmpty()).toList();
  }

  private static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return !process.isAlive();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    holds.values().forEach(list -> list.forEach(PortHold::close));
    run(name, "down");
  }

  private static CommandResult run(String name, String verb) {
    return run(name, verb, Map.of());
  }

  private static CommandResult run(String name, String verb, Map<String, String> env) {
    Path script = TestEnvironment.repoRoot().resolve("e2e/testenv/testenv");
    ProcessBuilder builder = new ProcessBuilder(List.of(script.toString(), verb));
    builder.environment().putAll(env);
    builder.environment().put("LAKEHOUSE_CLUSTER", name);
    return CommandResult.run(builder);
  }
}
