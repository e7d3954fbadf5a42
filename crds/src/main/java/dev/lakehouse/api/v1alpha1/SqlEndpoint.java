package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The JDBC/Thrift (HiveServer2 protocol) endpoint a Cluster's driver serves besides Spark Connect.
 * A Warehouse's clusters have one; any Cluster may.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SqlEndpoint {
  /** The Thrift server's port on the driver. */
  public static final int PORT = 10000;

  /** The load endpoint of the Thrift server (GET /load: sessions, running and queued queries). */
  public static final int LOAD_PORT = 10002;

  public static final String DEFAULT_MAX_CONCURRENT_QUERIES = "10";

  @Default(DEFAULT_MAX_CONCURRENT_QUERIES)
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Statements the endpoint runs at once (FAIR scheduler); more wait in the server's queue.")
  public Integer maxConcurrentQueries;

  public SqlEndpoint() {}

  public SqlEndpoint(int maxConcurrentQueries) {
    this.maxConcurrentQueries = maxConcurrentQueries;
  }
}
