/**
 * The vocabulary of the lakehouse.dev API's status and events: condition types, condition reasons
 * and event reasons, as typed constants whose names are the strings users see in {@code kubectl
 * describe}, {@code kubectl wait --for=condition=...} and event filters. The operator only ever
 * writes these.
 */
package dev.lakehouse.api.status;
