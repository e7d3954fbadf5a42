package dev.lakehouse.operator.engine;

import dev.lakehouse.api.runtime.RuntimeVersions.RuntimeVersion;
import dev.lakehouse.api.v1alpha1.Workspace;
import dev.lakehouse.operator.engine.config.RenderedSparkConfig;
import dev.lakehouse.operator.engine.config.SparkConfigRenderer;

/**
 * Everything an engine's pods depend on: the engine, its Workspace, its runtime, the Spark
 * configuration rendered from them, and the image that runs it.
 *
 * @param workspace the Workspace's name, which labels every pod
 * @param image the engine's own image if it names one ({@code spec.image}), else the runtime's
 * @param cpuRequestFraction the share of a size's cores the engine's containers request (1 requests
 *     them all; less lets an engine run on nodes smaller than its sizes, its Spark still sees the
 *     sizes' cores)
 */
public record EngineModel(
    EngineDescription engine,
    String workspace,
    RuntimeVersion runtime,
    RenderedSparkConfig config,
    String image,
    String imagePullPolicy,
    double cpuRequestFraction) {

  public EngineModel {
    if (!(cpuRequestFraction > 0 && cpuRequestFraction <= 1)) {
      throw new IllegalArgumentException(
          "the CPU request fraction must be above 0 and at most 1, not " + cpuRequestFraction);
    }
  }

  /**
   * As {@link #of(EngineDescription, Workspace, RuntimeVersion, String, String, double)},
   * requesting all of a size's cores.
   */
  public static EngineModel of(
      EngineDescription engine,
      Workspace workspace,
      RuntimeVersion runtime,
      String imageRepository,
      String imagePullPolicy) {
    return of(engine, workspace, runtime, imageRepository, imagePullPolicy, 1.0);
  }

  /**
   * Renders the engine's configuration against its Workspace and chooses its image: a pure function
   * of its inputs.
   *
   * @param imageRepository the repository of runtime images, tagged by runtime name
   */
  public static EngineModel of(
      EngineDescription engine,
      Workspace workspace,
      RuntimeVersion runtime,
      String imageRepository,
      String imagePullPolicy,
      double cpuRequestFraction) {
    String image = engine.image() != null ? engine.image() : imageRepository + ":" + runtime.name();
    return new EngineModel(
        engine,
        workspace.getMetadata().getName(),
        runtime,
        SparkConfigRenderer.render(workspace, engine, runtime),
        image,
        imagePullPolicy,
        cpuRequestFraction);
  }

  public EngineNames names() {
    return engine.names();
  }
}
