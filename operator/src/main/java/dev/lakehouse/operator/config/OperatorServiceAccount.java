package dev.lakehouse.operator.config;

/**
 * The ServiceAccount the operator runs as: its namespace (POD_NAMESPACE) and name
 * (LAKEHOUSE_SERVICE_ACCOUNT, which the Helm chart sets from the pod's spec.serviceAccountName).
 * Each Workspace's namespace binds it to the Secret-reading ClusterRole, so the operator reads
 * Secrets there and nowhere else; Workspaces also let only pods of its namespace reach their
 * engines' master UI.
 */
public record OperatorServiceAccount(String namespace, String name) {}
