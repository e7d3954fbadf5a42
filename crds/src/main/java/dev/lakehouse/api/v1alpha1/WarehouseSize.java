package dev.lakehouse.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * T-shirt sizes of a Warehouse's clusters; the operator maps each to a driver and a number of
 * workers.
 */
public enum WarehouseSize {
  @JsonProperty("2X-Small")
  XXSMALL,
  @JsonProperty("X-Small")
  XSMALL,
  @JsonProperty("Small")
  SMALL,
  @JsonProperty("Medium")
  MEDIUM,
  @JsonProperty("Large")
  LARGE,
  @JsonProperty("X-Large")
  XLARGE,
  @JsonProperty("2X-Large")
  XXLARGE,
  @JsonProperty("3X-Large")
  XXXLARGE,
  @JsonProperty("4X-Large")
  XXXXLARGE
}
