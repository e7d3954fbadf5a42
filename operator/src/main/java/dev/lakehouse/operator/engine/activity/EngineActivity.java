package dev.lakehouse.operator.engine.activity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.Optional;

/**
 * The engine-activity port: when a running Cluster's Spark last did something (a job ran, a session
 * was active). Auto-termination counts idle minutes from it. Empty means the source cannot tell
 * now; the Cluster is then not stopped on its account.
 */
public interface EngineActivity {
  Optional<Instant> lastActivity(HasMetadata cluster);
}
