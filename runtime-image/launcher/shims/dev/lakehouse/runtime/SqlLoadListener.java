package dev.lakehouse.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hive.service.CompositeService;
import org.apache.hive.service.Service;
import org.apache.hive.service.cli.CLIService;
import org.apache.hive.service.cli.OperationState;
import org.apache.hive.service.cli.operation.Operation;
import org.apache.hive.service.cli.operation.OperationManager;
import org.apache.hive.service.cli.session.SessionManager;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2$;
import org.apache.spark.sql.hive.thriftserver.SparkExecuteStatementOperation;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerOperationCanceled;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerOperationClosed;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerOperationError;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerOperationFinish;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerOperationParsed;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerOperationStart;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerOperationTimeout;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerSessionClosed;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerSessionCreated;

/**
 * The SQL load of a Warehouse cluster's Thrift (HiveServer2) server, served as JSON on {@code GET /load}.
 *
 * <p>Registered by the launcher's {@code sql} role with {@code spark.extraListeners}. Spark 3.5's Thrift server
 * posts an event when a session opens or closes and when an operation starts, is parsed, finishes, fails, is
 * cancelled, times out or is closed. What they mean, in that server:
 *
 * <ul>
 *   <li>the start event is posted on the connection's thread when the statement arrives, before it is handed to
 *       the asynchronous execution pool ({@code hive.server2.async.exec.threads} threads, the launcher's
 *       {@code LAKEHOUSE_SQL_MAX_CONCURRENT}); a statement that finds every thread busy waits in the pool's queue
 *       in state PENDING and posts nothing until a thread takes it;
 *   <li>the parsed event is posted on the executing thread after the statement is analysed: before a query runs,
 *       but only after a command (CREATE TABLE AS, INSERT, ...) has run, since commands execute eagerly;
 *   <li>the finish (or error, cancel, timeout) event is posted when execution ends, before the client fetches the
 *       result; the closed event when the client closes the operation.
 * </ul>
 *
 * <p>No event marks the moment a queued statement starts executing. So {@code running} and {@code queued} are
 * read from the server itself, through the server that Spark's own Thrift listener holds: {@code running} counts
 * the statements whose operation is RUNNING in its operation manager, {@code queued} the statements in its
 * execution pool's queue, which holds a statement only while every thread is busy (a statement is also PENDING for
 * an instant while a free thread starts it: not queued). The pool is FIFO, so the queued statements are the
 * latest to arrive of those still PENDING; {@code oldestQueuedWaitMs} is the wait of the first of them. The
 * operations are sampled every 100 ms while statements are open, to timestamp when each left PENDING;
 * {@code meanQueryMillis} is the mean time from then to its end (its run time without its queue wait) over the
 * statements that ended in the last five minutes. If the server's internals cannot be reached (another Spark
 * version), the listener says so on stderr and falls back to its events: a statement counts as running from its
 * parsed event or its first job, and as queued before that.
 *
 * <p>Only executed statements count as statements. JDBC metadata calls (GetTables, GetColumns, ...) also post
 * start and finish events, which Spark 3.5 labels "Listing ..."; they run on the connection's thread, never
 * queue, and count only towards {@code lastActivityMs}. A statement a client runs synchronously (Thrift
 * {@code runAsync=false}, as PyHive does by default) runs on its connection's thread: it is running at once and
 * never queued, and {@code LAKEHOUSE_SQL_MAX_CONCURRENT} does not bound it (the Hive JDBC driver, beeline and
 * dbt-spark run statements asynchronously).
 *
 * <p>Configuration: {@code spark.lakehouse.sql.load.host} (default {@code spark.driver.bindAddress}, else
 * 127.0.0.1) and {@code spark.lakehouse.sql.load.port} (default 10002).
 */
public final class SqlLoadListener extends SparkListener {
  static final long ARRIVAL_WINDOW_MS = 60_000;
  static final long COMPLETION_WINDOW_MS = 300_000;
  private static final long SAMPLE_MS = 100;

  /** A statement from its start event until it ends. */
  private static final class Statement {
    final long arrivedAt;
    long runningSince; // 0 until known
    boolean seenQueued;

    Statement(long arrivedAt) {
      this.arrivedAt = arrivedAt;
    }
  }

  private final Set<String> sessions = new HashSet<>();
  private final Map<String, Statement> open = new LinkedHashMap<>();
  private final Buckets arrivals = new Buckets(ARRIVAL_WINDOW_MS);
  private final Buckets completions = new Buckets(COMPLETION_WINDOW_MS);
  private long lastActivityMs;
  private final Registry registry = new Registry();
  private final HttpServer http;
  private final ScheduledExecutorService sampler;

  public SqlLoadListener(SparkConf conf) throws IOException {
    String host = conf.get("spark.lakehouse.sql.load.host", conf.get("spark.driver.bindAddress", "127.0.0.1"));
    int port = conf.getInt("spark.lakehouse.sql.load.port", 10002);
    http = HttpServer.create(new InetSocketAddress(host, port), 16);
    http.createContext("/load", this::serve);
    http.setExecutor(Executors.newSingleThreadExecutor(r -> daemon(r, "lakehouse-sql-load-http")));
    http.start();
    sampler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "lakehouse-sql-load-sampler"));
    sampler.scheduleWithFixedDelay(this::sample, SAMPLE_MS, SAMPLE_MS, TimeUnit.MILLISECONDS);
    System.err.println("lakehouse: SQL load endpoint on http://" + host + ":" + http.getAddress().getPort() + "/load");
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  // ---------------------------------------------------------------------------------------------- events
  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    if (event instanceof SparkListenerThriftServerSessionCreated e) {
      synchronized (this) {
        sessions.add(e.sessionId());
      }
    } else if (event instanceof SparkListenerThriftServerSessionClosed e) {
      synchronized (this) {
        sessions.remove(e.sessionId());
      }
    } else if (event instanceof SparkListenerThriftServerOperationStart e) {
      started(e.id(), e.statement(), e.startTime());
    } else if (event instanceof SparkListenerThriftServerOperationParsed e) {
      executing(e.id(), System.currentTimeMillis());
    } else if (event instanceof SparkListenerThriftServerOperationFinish e) {
      ended(e.id(), e.finishTime());
    } else if (event instanceof SparkListenerThriftServerOperationError e) {
      ended(e.id(), e.finishTime());
    } else if (event instanceof SparkListenerThriftServerOperationCanceled e) {
      ended(e.id(), e.finishTime());
    } else if (event instanceof SparkListenerThriftServerOperationTimeout e) {
      ended(e.id(), e.finishTime());
    } else if (event instanceof SparkListenerThriftServerOperationClosed e) {
      closed(e.id(), e.closeTime());
    }
  }

  /** A job of a statement's job group (the Thrift server uses the statement id) means it executes. */
  @Override
  public void onJobStart(SparkListenerJobStart event) {
    if (event.properties() != null) {
      String group = event.properties().getProperty("spark.jobGroup.id");
      if (group != null) {
        executing(group, event.time());
      }
    }
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd event) {
    sampler.shutdownNow();
    http.stop(0);
  }

  /** Spark 3.5's metadata operations (GetTables, GetColumns, ...) describe themselves as "Listing ...". */
  static boolean isMetadataCall(String statement) {
    return statement != null && statement.startsWith("Listing ");
  }

  synchronized void started(String id, String statement, long at) {
    lastActivityMs = Math.max(lastActivityMs, at);
    if (isMetadataCall(statement) || open.containsKey(id)) {
      return;
    }
    open.put(id, new Statement(at));
    arrivals.add(at, 0);
  }

  synchronized void executing(String id, long at) {
    Statement s = open.get(id);
    if (s != null && (s.runningSince == 0 || at < s.runningSince)) {
      s.runningSince = Math.max(at, s.arrivedAt);
    }
  }

  /** Closed before it ended (its client or session went away while it ran or waited): that is its end. */
  synchronized void closed(String id, long at) {
    if (open.containsKey(id)) {
      ended(id, at);
    }
  }

  synchronized void ended(String id, long at) {
    lastActivityMs = Math.max(lastActivityMs, at);
    Statement s = open.remove(id);
    if (s == null) {
      return; // a metadata call, or a statement that ended already (closed after it finished)
    }
    if (s.runningSince > 0) {
      completions.add(at, Math.max(0, at - s.runningSince));
    } else if (!s.seenQueued) {
      completions.add(at, Math.max(0, at - s.arrivedAt)); // ended before a sample saw it: never queued long
    } // else: it left while queued (cancelled, closed, rejected): it never ran
  }

  // ------------------------------------------------------------------------------------- the registry
  /** Marks when each open statement left the queue, from the server's operation states. */
  private void sample() {
    try {
      synchronized (this) {
        if (open.isEmpty()) {
          return;
        }
      }
      Map<String, OperationState> states = registry.states();
      if (states == null) {
        return;
      }
      long now = System.currentTimeMillis();
      synchronized (this) {
        for (Map.Entry<String, Statement> e : open.entrySet()) {
          OperationState state = states.get(e.getKey());
          if (state == null) {
            continue;
          }
          Statement s = e.getValue();
          if (queued(state)) {
            s.seenQueued = true;
          } else if (s.runningSince == 0) {
            s.runningSince = now;
          }
        }
      }
    } catch (RuntimeException | LinkageError e) {
      registry.give(e);
    }
  }

  private static boolean queued(OperationState state) {
    return state == OperationState.INITIALIZED || state == OperationState.PENDING;
  }

  /**
   * The Thrift server's session manager, found through the server that Spark's own Thrift listener holds
   * (HiveThriftServer2.listener.server): its operation manager (operations with their state) and its asynchronous
   * execution pool (whose queue holds the statements that wait for a thread).
   */
  private static final class Registry {
    private volatile OperationManager manager;
    private volatile boolean broken;
    private Field operationsField;
    private ThreadPoolExecutor pool;

    /** Statements waiting in the execution pool's queue, or -1 when the pool is not known. */
    int poolQueued() {
      ThreadPoolExecutor p = manager() == null ? null : pool;
      return p == null ? -1 : p.getQueue().size();
    }

    /** The state of every executed statement's operation, or null when the registry is not reachable. */
    Map<String, OperationState> states() {
      OperationManager m = manager();
      if (m == null) {
        return null;
      }
      List<Operation> ops;
      try {
        Map<?, ?> byHandle = (Map<?, ?>) operationsField.get(m);
        synchronized (m) { // the manager adds and removes operations under its own lock
          ops = new ArrayList<>(byHandle.size());
          for (Object o : byHandle.values()) {
            ops.add((Operation) o);
          }
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      Map<String, OperationState> states = new HashMap<>();
      for (Operation op : ops) {
        if (op instanceof SparkExecuteStatementOperation s) {
          states.put(s.statementId(), op.getStatus().getState());
        }
      }
      return states;
    }

    private OperationManager manager() {
      if (manager != null || broken) {
        return manager;
      }
      try {
        Object listener = HiveThriftServer2$.MODULE$.listener();
        if (listener == null) {
          return null; // the server has not started yet
        }
        Field server = listener.getClass().getDeclaredField("server");
        server.setAccessible(true);
        scala.Option<?> option = (scala.Option<?>) server.get(listener);
        if (option.isEmpty()) {
          return null;
        }
        Collection<Service> services = ((CompositeService) option.get()).getServices();
        for (Service s : services) {
          if (s instanceof CLIService cli) {
            SessionManager sessions = cli.getSessionManager();
            Field f = OperationManager.class.getDeclaredField("handleToOperation");
            f.setAccessible(true);
            Field p = SessionManager.class.getDeclaredField("backgroundOperationPool");
            p.setAccessible(true);
            pool = (ThreadPoolExecutor) p.get(sessions);
            operationsField = f;
            manager = sessions.getOperationManager();
            return manager;
          }
        }
        return null;
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        give(e);
        return null;
      }
    }

    void give(Throwable e) {
      if (!broken) {
        broken = true;
        manager = null;
        System.err.println("lakehouse: the Thrift server's operations and execution pool are not readable (" + e
            + "); running and queued now come from the server's events only");
      }
    }
  }

  // ------------------------------------------------------------------------------------------ the JSON
  /** The load now, as the contract's JSON (every field present). */
  String json(long now) {
    Map<String, OperationState> states;
    int poolQueued;
    try {
      states = registry.states();
      poolQueued = registry.poolQueued();
    } catch (RuntimeException | LinkageError e) {
      registry.give(e);
      states = null;
      poolQueued = -1;
    }
    int running = 0;
    int queued;
    long oldestQueued = 0;
    int sessionCount;
    long recent;
    long mean;
    long last;
    synchronized (this) {
      sessionCount = sessions.size();
      List<Long> pending = new ArrayList<>(); // arrival times of the statements not started yet
      if (states != null) {
        for (Map.Entry<String, OperationState> e : states.entrySet()) {
          if (e.getValue() == OperationState.RUNNING) {
            running++;
          } else if (queued(e.getValue())) {
            Statement s = open.get(e.getKey()); // absent for an instant before its start event is read
            if (s != null) {
              s.seenQueued = true;
            }
            pending.add(s != null ? s.arrivedAt : now);
          }
        }
      } else {
        for (Statement s : open.values()) {
          if (s.runningSince > 0) {
            running++;
          } else {
            pending.add(s.arrivedAt);
          }
        }
      }
      // Queued: waiting because every thread is busy, which is the pool's queue. A statement can also be PENDING
      // for an instant while a free thread starts it: not queued. The pool is FIFO, so the queued ones are the
      // latest to arrive of the pending ones.
      queued = poolQueued < 0 ? pending.size() : Math.min(poolQueued, pending.size());
      if (queued > 0) {
        Collections.sort(pending);
        oldestQueued = now - pending.get(pending.size() - queued);
      }
      recent = arrivals.count(now);
      long n = completions.count(now);
      mean = n == 0 ? 0 : Math.round((double) completions.sum(now) / n);
      last = lastActivityMs;
    }
    return "{\"sessions\":" + sessionCount
        + ",\"running\":" + running
        + ",\"queued\":" + queued
        + ",\"oldestQueuedWaitMs\":" + Math.max(0, oldestQueued)
        + ",\"recentArrivals\":" + recent
        + ",\"arrivalWindowMs\":" + ARRIVAL_WINDOW_MS
        + ",\"meanQueryMillis\":" + mean
        + ",\"lastActivityMs\":" + last
        + "}";
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) || !"/load".equals(exchange.getRequestURI().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = json(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Counts and sums of values per second over a sliding window (one-second resolution, bounded memory). */
  static final class Buckets {
    private final long[] second;
    private final long[] count;
    private final long[] sum;

    Buckets(long windowMs) {
      int n = (int) (windowMs / 1000);
      second = new long[n];
      count = new long[n];
      sum = new long[n];
    }

    void add(long atMs, long value) {
      long s = atMs / 1000;
      int i = (int) (s % second.length);
      if (second[i] != s) {
        second[i] = s;
        count[i] = 0;
        sum[i] = 0;
      }
      count[i]++;
      sum[i] += value;
    }

    /** Values added in the window's seconds up to now's (an entry older than the window is not counted). */
    long count(long nowMs) {
      return total(nowMs, count);
    }

    long sum(long nowMs) {
      return total(nowMs, sum);
    }

    private long total(long nowMs, long[] values) {
      long now = nowMs / 1000;
      long total = 0;
      for (int i = 0; i < second.length; i++) {
        if (second[i] > now - second.length && second[i] <= now) {
          total += values[i];
        }
      }
      return total;
    }
  }
}
