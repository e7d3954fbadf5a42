package dev.lakehouse.operator.engine.load;

import dev.lakehouse.operator.engine.EngineNames;
import dev.lakehouse.operator.engine.load.spark.SparkLoad;
import dev.lakehouse.operator.engine.load.spark.SparkRestLoad;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.Optional;

/**
 * The production source: the Cluster's standalone master and the Spark Connect driver's REST API.
 */
public class SparkRestLoadSource implements EngineLoadSource {
  private final SparkRestLoad rest = new SparkRestLoad();

  @Override
  public Optional<SparkLoad> read(HasMetadata cluster, Instant now) {
    EngineNames names = EngineNames.of(cluster);
    return rest.read(names.masterUiUrl(), names.uiUrl(), now);
  }
}
