package dev.lakehouse.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The operator's own settings (application.properties or LAKEHOUSE_* environment variables). */
@ConfigMapping(prefix = "lakehouse")
public interface OperatorSettings {

  /** Engine image settings. */
  Engine engine();

  /** Where Spark activity, for auto-termination, is read from. */
  Activity activity();

  /** The built-in autoscaler of Clusters with spec.autoscale. */
  Autoscaler autoscaler();

  /** Leader election. */
  LeaderElection leaderElection();

  /** Warehouses: their fleets' scale-in and drain. */
  Warehouse warehouse();

  /**
   * The name of the operator's ServiceAccount, in its namespace (POD_NAMESPACE): every Workspace's
   * namespace binds it to the ClusterRole lakehouse-operator-secret-reader, so the operator can
   * read and watch Secrets there. The Helm chart sets it from the pod's spec.serviceAccountName.
   */
  @WithDefault("lakehouse-operator")
  String serviceAccount();

  /** Autoscaler settings. */
  interface Autoscaler {
    /**
     * {@code spark-rest}: the Cluster's standalone master and driver REST APIs (production). {@code
     * annotation}: the {@code lakehouse.dev/spark-load} annotation of the Cluster, for test control
     * planes whose pods run no process.
     */
    @WithDefault("spark-rest")
    String metricsSource();

    /**
     * How long capacity must stay underused before workers go; the policy's default (150 s) when
     * unset.
     */
    Optional<Duration> scaleDownWindow();
  }

  /** Warehouse settings. */
  interface Warehouse {
    /**
     * How long a draining cluster may keep its sessions before it is deleted anyway: a BI tool's
     * pooled connection would otherwise keep a scaled-in cluster for ever.
     */
    @WithDefault("10m")
    Duration drainTimeout();

    /**
     * How long the query load must stay below the fleet's size before a cluster goes, and the peak
     * window scale-in respects; the policy's defaults (5 and 10 minutes) when unset. Test control
     * planes shorten it.
     */
    Optional<Duration> scaleInWindow();
  }

  /** The engine image. */
  interface Engine {
    /** Repository of the engine image; the tag is the runtime name, for example spark-3.5. */
    @WithDefault("ghcr.io/lakehouse-dev/lakehouse-runtime")
    String imageRepository();

    /** Pull policy of engine images. */
    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    /**
     * The share of a driver's or worker's cores its container requests, above 0 and at most 1. 1
     * (the default) requests them all; less lets engines run on nodes with fewer cores than their
     * sizes (a laptop, a two-core test node), while Spark still offers the sizes' cores as task
     * slots. A change rolls every engine's pods.
     */
    @WithDefault("1")
    double cpuRequestFraction();
  }

  /** The engine-activity source. */
  interface Activity {
    /**
     * {@code spark-master}: the Spark master's JSON API on the driver (production). {@code
     * annotation}: the {@code lakehouse.dev/last-activity} annotation of the Cluster, for test
     * control planes whose pods run no process (kwok).
     */
    @WithDefault("spark-master")
    String source();
  }

  /** Leader election through a coordination.k8s.io Lease. */
  interface LeaderElection {
    /** Name of the Lease. */
    @WithDefault("lakehouse-operator")
    String leaseName();

    /** Namespace of the Lease; the operator's (POD_NAMESPACE, else default) when unset. */
    Optional<String> leaseNamespace();

    /**
     * How long a Lease holds without renewal: a follower takes over at most this long (plus a retry
     * period) after the leader stopped renewing, and a replica started after a killed leader waits
     * as long. java-operator-sdk's default.
     */
    @WithDefault("15s")
    Duration leaseDuration();

    /**
     * How long the leader keeps trying to renew before it gives the Lease up (and this operator
     * exits); shorter than the lease duration. java-operator-sdk's default.
     */
    @WithDefault("10s")
    Duration renewDeadline();

    /** How often replicas try to acquire or renew the Lease. java-operator-sdk's default. */
    @WithDefault("2s")
    Duration retryPeriod();
  }
}
