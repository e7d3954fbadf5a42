package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** A catalog that every engine of a Workspace registers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'HiveMetastore' || self.uri.startsWith('thrift://')",
    message = "a HiveMetastore catalog's uri is thrift://host:port")
@ValidationRule(
    value =
        "self.type == 'HiveMetastore' || self.uri.startsWith('http://') || "
            + "self.uri.startsWith('https://')",
    message = "an IcebergRest or UnityCatalog catalog's uri is an http:// or https:// URL")
public class Catalog {
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z_][a-z0-9_]*$")
  @JsonPropertyDescription(
      "Name of the catalog in Spark SQL (catalog.schema.table): lower case letters, digits "
          + "and underscores.")
  public String name;

  @Required
  @JsonPropertyDescription(
      "Protocol of the catalog server: IcebergRest (Nessie, Polaris, Lakekeeper, Unity "
          + "Catalog's Iceberg endpoint), UnityCatalog (Unity Catalog's own API) or HiveMetastore.")
  public CatalogType type;

  @Required
  @Size(max = 2048)
  @JsonPropertyDescription(
      "Endpoint of the catalog server, for example http://nessie:19120/iceberg or "
          + "thrift://metastore:9083.")
  public String uri;

  @Size(max = 2048)
  @JsonPropertyDescription(
      "Warehouse of the catalog: a name the server knows or a location such as "
          + "s3a://lakehouse/warehouse.")
  public String warehouse;

  @JsonProperty("default")
  @JsonPropertyDescription(
      "Make this Spark's current catalog, so unqualified table names resolve in it.")
  public Boolean defaultCatalog;

  @JsonPropertyDescription(
      "Secret with the catalog's credentials, mounted into the engines as files.")
  public CatalogCredentials credentials;

  @Size(max = 32)
  @ValidationRule(
      value = CredentialKeys.CEL_RULE,
      message = "catalog properties " + CredentialKeys.MESSAGE)
  @JsonPropertyDescription(
      "Extra catalog properties passed to Spark as spark.sql.catalog.<name>.<key>. Keys that "
          + "look like credentials (secret, password, credential, token, access key, api key) are "
          + "refused: use credentials.secretName.")
  public Map<String, String> properties;

  /** The catalog protocols the engines speak. */
  public enum CatalogType {
    IcebergRest,
    UnityCatalog,
    HiveMetastore
  }

  /** Where a catalog's credentials are; the engines read them from mounted files. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CatalogCredentials {
    @Required
    @Size(min = 1, max = 253)
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of a Secret in the Workspace's namespace.")
    public String secretName;

    @Size(max = 253)
    @JsonPropertyDescription("Key holding a bearer token.")
    public String tokenKey;

    @Size(max = 253)
    @JsonPropertyDescription("Key holding an OAuth2 client credential as client_id:client_secret.")
    public String clientCredentialKey;
  }
}
