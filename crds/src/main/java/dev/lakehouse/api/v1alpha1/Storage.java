package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** S3-compatible object storage of a Workspace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Storage {
  @Required
  @JsonPropertyDescription("The S3-compatible connection every engine uses.")
  public S3Connection s3;

  @Size(max = 64)
  @ValidationRule(
      value = "self.all(b, self.exists_one(c, c.name == b.name))",
      message = "bucket names must be unique within spec.storage.buckets")
  @JsonPropertyDescription(
      "Buckets with settings of their own (endpoint, region, path style, credentials).")
  public List<Bucket> buckets;

  @Size(max = 2048)
  @Pattern("^s3a?://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$")
  @JsonPropertyDescription(
      "Default location of managed tables and Spark's warehouse, for example "
          + "s3a://lakehouse/warehouse.")
  public String warehouseLocation;

  /** An S3 endpoint and how to authenticate to it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class S3Connection {
    @Size(max = 2048)
    @Pattern("^https?://.+$")
    @JsonPropertyDescription(
        "Endpoint URL, for example http://minio.storage:9000; AWS S3's regional endpoint "
            + "when empty.")
    public String endpoint;

    @Default("us-east-1")
    @Size(max = 64)
    @JsonPropertyDescription("Region of the endpoint.")
    public String region;

    @Default("false")
    @JsonPropertyDescription(
        "Address buckets as endpoint/bucket instead of bucket.endpoint; most self-hosted "
            + "S3-compatible stores need true.")
    public Boolean pathStyleAccess;

    @JsonPropertyDescription(
        "Secret with the access key pair; engines get it as environment variables or files, "
            + "never in their configuration. Without it, engines use the pods' own identity (for example IRSA).")
    public S3Credentials credentials;
  }

  /** Where an access key pair is. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class S3Credentials {
    @Required
    @Size(min = 1, max = 253)
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of a Secret in the Workspace's namespace.")
    public String secretName;

    @Default("accessKeyId")
    @Size(max = 253)
    @JsonPropertyDescription("Key of the access key id in the Secret.")
    public String accessKeyIdKey;

    @Default("secretAccessKey")
    @Size(max = 253)
    @JsonPropertyDescription("Key of the secret access key in the Secret.")
    public String secretAccessKeyKey;
  }

  /** A bucket whose settings differ from the connection's. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Bucket {
    @Required
    @Size(min = 3, max = 63)
    @Pattern("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
    @JsonPropertyDescription("Bucket name.")
    public String name;

    @Size(max = 2048)
    @Pattern("^https?://.+$")
    @JsonPropertyDescription("Endpoint of this bucket, when not the connection's.")
    public String endpoint;

    @Size(max = 64)
    @JsonPropertyDescription("Region of this bucket, when not the connection's.")
    public String region;

    @JsonPropertyDescription("Path-style access for this bucket, when not the connection's.")
    public Boolean pathStyleAccess;

    @JsonPropertyDescription("Credentials for this bucket, when not the connection's.")
    public S3Credentials credentials;
  }
}
