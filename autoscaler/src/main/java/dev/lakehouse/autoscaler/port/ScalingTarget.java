package dev.lakehouse.autoscaler.port;

import java.util.Objects;

/** Identifies the Cluster or Warehouse being scaled (namespace and name of the resource). */
public record ScalingTarget(String namespace, String name) {
  public ScalingTarget {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
