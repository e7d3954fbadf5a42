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
 */
public record EngineModel(
    EngineDescription engine,
    String workspace,
    RuntimeVersion runtime,
    RenderedSparkConfig config,
    String image,
    String imagePullPolicy) {

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
      String imagePullPolicy) {
    String image = engine.image() != null ? engine.image() : imageRepository + ":" + runtime.name();
    return new EngineModel(
        engine,
        workspace.getMetadata().getName(),
        runtime,
        SparkConfigRenderer.render(workspace, engine, runtime),
        image,
        imagePullPolicy);
  }

  public EngineNames names() {
    return engine.names();
  }
}
