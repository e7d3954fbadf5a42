package dev.lakehouse.operator.warehouse;

import dev.lakehouse.api.v1alpha1.Cluster;
import java.util.Optional;

/** Reads the query load of a Warehouse's cluster; empty when it cannot be read now. */
@FunctionalInterface
public interface SqlLoadSource {
  Optional<SqlLoad> read(Cluster member);
}
