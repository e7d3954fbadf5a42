package dev.lakehouse.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The operator's own settings (application.properties or LAKEHOUSE_* environment variables). */
@ConfigMapping(prefix = "lakehouse")
public interface OperatorSettings {

  /** Engine image settings. */
  Engine engine();

  /** Where Spark activity, for auto-termination, is read from. */
  Activity activity();

  /** Leader election. */
  LeaderElection leaderElection();

  /** The engine image. */
  interface Engine {
    /** Repository of the engine image; the tag is the runtime name, for example spark-3.5. */
    @WithDefault("ghcr.io/lakehouse-dev/lakehouse-runtime")
    String imageRepository();

    /** Pull policy of engine images. */
    @WithDefault("IfNotPresent")
    String imagePullPolicy();
  }

  /** The engine-activity source. */
  interface Activity {
    /**
     * {@code spark-master}: the Spark master's JSON API on the driver (production). {@code annotation}: the
     * {@code lakehouse.dev/last-activity} annotation of the Cluster, for test control planes whose pods run no
     * process (kwok).
     */
    @WithDefault("spark-master")
    String source();
  }

  /** Leader election through a coordination.k8s.io Lease. */
  interface LeaderElection {
    /** Name of the Lease. */
    @WithDefault("lakehouse-operator")
    String leaseName();

    /** Namespace of the Lease; the POD_NAMESPACE environment variable, else default. */
    Optional<String> leaseNamespace();
  }
}
