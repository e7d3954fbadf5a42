package dev.lakehouse.operator.metrics;

import io.prometheus.client.exporter.common.TextFormat;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.StringWriter;

/** Serves the operator's metrics in the Prometheus text format on /metrics. */
@Path("/metrics")
public class MetricsEndpoint {
  private final OperatorMetrics metrics;

  public MetricsEndpoint(OperatorMetrics metrics) {
    this.metrics = metrics;
  }

  @GET
  @Produces(TextFormat.CONTENT_TYPE_004)
  public String scrape() throws IOException {
    StringWriter out = new StringWriter();
    TextFormat.write004(out, metrics.registry().metricFamilySamples());
    return out.toString();
  }
}
