package dev.lakehouse.operator.it;

import dev.lakehouse.api.runtime.RuntimeVersions;
import dev.lakehouse.operator.cluster.ClusterReconciler;
import dev.lakehouse.operator.cluster.autoscaling.AutoscalerEvents;
import dev.lakehouse.operator.cluster.autoscaling.ClusterAutoscaling;
import dev.lakehouse.operator.cluster.autoscaling.PodDeletionCost;
import dev.lakehouse.operator.config.ClientIdentity;
import dev.lakehouse.operator.config.OperatorServiceAccount;
import dev.lakehouse.operator.config.OperatorSettings;
import dev.lakehouse.operator.engine.activity.AnnotationActivity;
import dev.lakehouse.operator.engine.load.AnnotationLoadSource;
import dev.lakehouse.operator.job.JobReconciler;
import dev.lakehouse.operator.job.JobRunReconciler;
import dev.lakehouse.operator.job.RunAdmissions;
import dev.lakehouse.operator.kube.ChildSets;
import dev.lakehouse.operator.kube.EventRecorder;
import dev.lakehouse.operator.kube.ReconcileErrors;
import dev.lakehouse.operator.kube.StatusRecorder;
import dev.lakehouse.operator.metrics.OperatorMetrics;
import dev.lakehouse.operator.metrics.ReconcileMetrics;
import dev.lakehouse.operator.warehouse.AnnotationSqlLoadSource;
import dev.lakehouse.operator.warehouse.WarehouseAutoscaling;
import dev.lakehouse.operator.warehouse.WarehouseDecisionEvents;
import dev.lakehouse.operator.warehouse.WarehouseReconciler;
import dev.lakehouse.operator.workspace.SecretKeys;
import dev.lakehouse.operator.workspace.WorkspaceReconciler;
import dev.lakehouse.testing.RealApiServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator's reconcilers, wired as in the application, run by java-operator-sdk in the test's
 * JVM against a real kube-apiserver. There is no kube-controller-manager here: tests play its part
 * where they need to (for example by setting a StatefulSet's status), and the end-to-end suite
 * covers the full control plane.
 */
final class OperatorHarness implements AutoCloseable {
  /** The tests' client: it acts as the user (and as the controllers that do not run here). */
  final KubernetesClient client = RealApiServer.shared().client();

  final OperatorMetrics metrics = new OperatorMetrics();
  final MovableClock clock = new MovableClock();

  /** The operator's own client, configured as in the application (its user agent, its retries). */
  private final KubernetesClient operatorClient;

  /** The operator's ServiceAccount, as the Helm chart installs it. */
  static final OperatorServiceAccount SERVICE_ACCOUNT =
      new OperatorServiceAccount("lakehouse-system", "lakehouse-operator");

  /**
   * The Warehouses' scale-in (and peak) window, short as on the test control planes: a cluster goes
   * once the load has been low this long and the one-minute peak bucket of a scale-out has passed
   * (tests move the clock past it).
   */
  static final Duration WAREHOUSE_SCALE_IN_WINDOW = Duration.ofSeconds(2);

  /** The keys of Workspace namespaces' Secrets, as the Workspace reconciler watches them. */
  final SecretKeys secretKeys;

  private final Operator operator;

  OperatorHarness() {
    operatorClient = operatorClient();
    EventRecorder events = new EventRecorder(operatorClient, metrics, clock);
    ChildSets children = new ChildSets(operatorClient, metrics, events);
    StatusRecorder statuses = new StatusRecorder(operatorClient, metrics);
    ReconcileErrors errors = new ReconcileErrors(statuses, events, clock);
    secretKeys = new SecretKeys(operatorClient, Clock.systemUTC());
    operator =
        new Operator(
            o ->
                o.withKubernetesClient(operatorClient)
                    .withCloseClientOnStop(true)
                    .withMetrics(new ReconcileMetrics(metrics)));
    operator.register(
        new WorkspaceReconciler(
            children, statuses, errors, events, metrics, SERVICE_ACCOUNT, secretKeys, clock));
    operator.register(
        new ClusterReconciler(
            children,
            statuses,
            errors,
            events,
            metrics,
            RuntimeVersions.bundled(),
            new AnnotationActivity(),
            new ClusterAutoscaling(
                new AnnotationLoadSource(),
                new PodDeletionCost(operatorClient, metrics),
                new AutoscalerEvents(events),
                Optional.empty(),
                clock),
            new TestEngineSettings(),
            secretKeys,
            clock));
    operator.register(new JobReconciler(children, statuses, errors, events, metrics, clock));
    operator.register(
        new JobRunReconciler(
            children,
            statuses,
            errors,
            events,
            metrics,
            RuntimeVersions.bundled(),
            new TestEngineSettings(),
            new RunAdmissions(),
            clock));
    operator.register(
        new WarehouseReconciler(
            children,
            statuses,
            errors,
            events,
            metrics,
            RuntimeVersions.bundled(),
            new WarehouseAutoscaling(
                new AnnotationSqlLoadSource(),
                new WarehouseDecisionEvents(events),
                Optional.of(WAREHOUSE_SCALE_IN_WINDOW),
                clock),
            new TestSettings(),
            clock));
    operator.start();
  }

  private static KubernetesClient operatorClient() {
    try {
      Config config = Config.fromKubeconfig(Files.readString(RealApiServer.shared().kubeconfig()));
      new ClientIdentity().customize(config);
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reconciliations of a kind that finished, successful or not, as counted by its metrics. */
  double reconciliations(String kind) {
    return java.util.Collections.list(metrics.registry().metricFamilySamples()).stream()
        .flatMap(f -> f.samples.stream())
        .filter(
            s ->
                s.name.equals("lakehouse_reconciliations_total")
                    && s.labelValues.get(s.labelNames.indexOf("kind")).equals(kind))
        .mapToDouble(s -> s.value)
        .sum();
  }

  @Override
  public void close() {
    secretKeys.close();
    operator.stop();
  }

  /** A clock tests can move forward, to reach auto-termination without waiting for it. */
  static final class MovableClock extends Clock {
    private final AtomicReference<Instant> offset = new AtomicReference<>(Instant.EPOCH);

    void advance(Duration by) {
      offset.updateAndGet(o -> o.plus(by));
    }

    @Override
    public Instant instant() {
      return Instant.now().plusMillis(offset.get().toEpochMilli());
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /**
   * The operator's settings as the application's defaults, with the test sources of activity and
   * load (annotations) and a short Warehouse scale-in window.
   */
  static final class TestSettings implements OperatorSettings {
    @Override
    public Engine engine() {
      return new TestEngineSettings();
    }

    @Override
    public Activity activity() {
      return () -> "annotation";
    }

    @Override
    public Autoscaler autoscaler() {
      return new Autoscaler() {
        @Override
        public String metricsSource() {
          return "annotation";
        }

        @Override
        public Optional<Duration> scaleDownWindow() {
          return Optional.empty();
        }
      };
    }

    @Override
    public LeaderElection leaderElection() {
      return new LeaderElection() {
        @Override
        public String leaseName() {
          return "lakehouse-operator";
        }

        @Override
        public Optional<String> leaseNamespace() {
          return Optional.empty();
        }

        @Override
        public Duration leaseDuration() {
          return Duration.ofSeconds(15);
        }

        @Override
        public Duration renewDeadline() {
          return Duration.ofSeconds(10);
        }

        @Override
        public Duration retryPeriod() {
          return Duration.ofSeconds(2);
        }
      };
    }

    @Override
    public Warehouse warehouse() {
      return new Warehouse() {
        @Override
        public Duration drainTimeout() {
          return Duration.ofMinutes(10);
        }

        @Override
        public Optional<Duration> scaleInWindow() {
          return Optional.of(WAREHOUSE_SCALE_IN_WINDOW);
        }
      };
    }

    @Override
    public String serviceAccount() {
      return SERVICE_ACCOUNT.name();
    }
  }

  /** The engine image settings of the application's defaults. */
  static final class TestEngineSettings implements OperatorSettings.Engine {
    @Override
    public String imageRepository() {
      return "ghcr.io/lakehouse-dev/lakehouse-runtime";
    }

    @Override
    public String imagePullPolicy() {
      return "IfNotPresent";
    }

    @Override
    public double cpuRequestFraction() {
      return 1;
    }
  }
}
