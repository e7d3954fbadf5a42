package dev.lakehouse.api.crd;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import dev.lakehouse.api.v1alpha1.Cluster;
import dev.lakehouse.api.v1alpha1.Job;
import dev.lakehouse.api.v1alpha1.JobRun;
import dev.lakehouse.api.v1alpha1.Warehouse;
import dev.lakehouse.api.v1alpha1.Workspace;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.File;
import java.lang.reflect.ParameterizedType;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the CRD YAML of the four kinds from the API classes. Run by the build
 * (process-test-classes) into {@code target/generated-crds}; {@code -Pupdate-crds} also writes the
 * committed copy under {@code crds/generated}.
 */
public final class GenerateCrds {
  static final List<Class<? extends CustomResource<?, ?>>> KINDS =
      List.of(Workspace.class, Cluster.class, Job.class, JobRun.class, Warehouse.class);
  static final List<Class<?>> SCALABLE = List.of(Cluster.class, Warehouse.class);

  private GenerateCrds() {}

  public static void main(String[] args) {
    for (String dir : args) {
      File out = new File(dir);
      out.mkdirs();
      int written =
          new CRDGenerator()
              .inOutputDir(out)
              .forCRDVersions("v1")
              .withParallelGenerationEnabled(false)
              .withPostProcessor(new Polish())
              .customResourceClasses(
                  KINDS.stream().<Class<? extends HasMetadata>>map(k -> k).toList())
              .generate();
      System.out.printf("[crds] wrote %d CRDs to %s%n", written, out);
    }
  }

  /**
   * What the generator leaves out or orders otherwise than kubectl users need: printer columns in
   * the order the classes declare them (the generator sorts them by path, which puts Age first);
   * descriptions of the kind, its spec and its status from their {@code @JsonClassDescription}; and
   * the scale subresource only on the kinds that scale (a Job's jobCluster carries the Cluster's
   * replica field but a Job is not scalable).
   */
  static final class Polish implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      CustomResourceDefinition definition = (CustomResourceDefinition) crd;
      String kind = definition.getSpec().getNames().getKind();
      Class<? extends CustomResource<?, ?>> type =
          KINDS.stream().filter(k -> k.getSimpleName().equals(kind)).findFirst().orElseThrow();
      for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
        orderPrinterColumns(type, version);
        describe(type, version.getSchema().getOpenAPIV3Schema());
        if (!SCALABLE.contains(type) && version.getSubresources() != null) {
          version.getSubresources().setScale(null);
        }
      }
      return crd;
    }

    private static void orderPrinterColumns(
        Class<?> type, CustomResourceDefinitionVersion version) {
      List<String> declared =
          Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::jsonPath)
              .toList();
      if (version.getAdditionalPrinterColumns() != null) {
        version
            .getAdditionalPrinterColumns()
            .sort(
                Comparator.comparingInt(
                    (CustomResourceColumnDefinition c) -> declared.indexOf(c.getJsonPath())));
      }
    }

    private static void describe(Class<?> type, JSONSchemaProps root) {
      root.setDescription(descriptionOf(type));
      for (String part : List.of("spec", "status")) {
        JSONSchemaProps props = root.getProperties().get(part);
        if (props != null) {
          props.setDescription(descriptionOf(fieldType(type, part)));
        }
      }
    }

    private static Class<?> fieldType(Class<?> type, String part) {
      ParameterizedType customResource = (ParameterizedType) type.getGenericSuperclass();
      return (Class<?>) customResource.getActualTypeArguments()["spec".equals(part) ? 0 : 1];
    }

    private static String descriptionOf(Class<?> type) {
      JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
      if (description == null) {
        throw new IllegalStateException(
            type.getName() + " needs a @JsonClassDescription for kubectl explain");
      }
      return description.value();
    }
  }
}
