package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A library installed on every node of a Cluster: exactly one of maven, pypi, jar or whl. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "[has(self.maven), has(self.pypi), has(self.jar), has(self.whl)].filter(x, x).size() == 1",
    message = "a library is exactly one of maven, pypi, jar or whl")
public class Library {
  @JsonPropertyDescription("A JVM library resolved from a Maven repository.")
  public Maven maven;

  @JsonPropertyDescription("A Python package installed with pip.")
  public PyPi pypi;

  @Size(max = 1024)
  @Pattern("^(s3a?|https?|file|local)://.+$")
  @JsonPropertyDescription("URI of a jar to add to the classpath, for example s3a://libs/udfs.jar.")
  public String jar;

  @Size(max = 1024)
  @Pattern("^(s3a?|https?|file|local)://.+\\.whl$")
  @JsonPropertyDescription(
      "URI of a Python wheel to install, for example s3a://libs/my_pkg-1.0-py3-none-any.whl.")
  public String whl;

  /** Maven coordinates of a JVM library. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Maven {
    @Required
    @Size(max = 512)
    @Pattern("^[^:\\s]+:[^:\\s]+(:[^:\\s]+){1,3}$")
    @JsonPropertyDescription(
        "Coordinates groupId:artifactId:version, for example org.postgresql:postgresql:42.7.4.")
    public String coordinates;

    @Size(max = 1024)
    @Pattern("^https?://.+$")
    @JsonPropertyDescription(
        "Maven repository to resolve from; the cluster's default repositories when empty.")
    public String repository;

    @Size(max = 64)
    @JsonPropertyDescription("Dependencies to exclude, as groupId:artifactId.")
    public List<String> exclusions;
  }

  /** A Python package from a package index. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PyPi {
    @Required
    @Size(min = 1, max = 512)
    @JsonPropertyDescription("A pip requirement, for example simplejson==3.19.3.")
    @JsonProperty("package")
    public String packageName;

    @Size(max = 1024)
    @Pattern("^https?://.+$")
    @JsonPropertyDescription("Package index URL; the default index when empty.")
    public String repository;
  }
}
