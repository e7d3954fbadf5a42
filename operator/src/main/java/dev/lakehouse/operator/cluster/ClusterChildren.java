package dev.lakehouse.operator.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;

/**
 * The desired children of a Cluster, and the settings its configuration leaves out (what the
 * renderer would not pass on, and why), which its status reports.
 */
public record ClusterChildren(
    ConfigMap config,
    Service driverService,
    Service workersService,
    StatefulSet driver,
    Deployment workers,
    List<String> ignoredSettings) {

  /** In the order they are applied: configuration and addresses before the pods that use them. */
  public List<HasMetadata> all() {
    return List.of(config, driverService, workersService, driver, workers);
  }
}
