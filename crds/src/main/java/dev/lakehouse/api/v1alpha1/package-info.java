/**
 * The lakehouse.dev/v1alpha1 API: Workspace (cluster-scoped), Cluster, Job and Warehouse
 * (namespaced).
 *
 * <p>API types are plain data, like Kubernetes' Go structs: public fields, no behaviour.
 * Descriptions, defaults and validation live on the fields as annotations, and the CRD YAML under
 * {@code crds/generated/} is generated from them. Validation that admission cannot do (a cron
 * expression's meaning, a cycle in a task graph, a Secret that does not exist) is reported by the
 * operator as a condition.
 */
package dev.lakehouse.api.v1alpha1;
