package dev.lakehouse.operator.config;

/**
 * The namespace the operator runs in (POD_NAMESPACE, set by the Helm chart): its Lease lives there,
 * and Workspaces let only that namespace's operator pods reach their engines' master UI.
 */
public record OperatorNamespace(String name) {}
