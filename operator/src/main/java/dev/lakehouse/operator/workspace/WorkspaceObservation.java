package dev.lakehouse.operator.workspace;

/**
 * What the Workspace reconciler knows when it computes status.
 *
 * @param namespaceActive whether the Workspace's namespace exists and is Active
 * @param quotaCounted whether the quota controller has counted every resource of its quota
 * @param catalogs how its catalogs resolved
 * @param storage how its storage resolved
 * @param clusters Clusters in its namespace
 * @param jobs Jobs in its namespace
 * @param warehouses Warehouses in its namespace
 */
public record WorkspaceObservation(
    boolean namespaceActive,
    boolean quotaCounted,
    Resolution catalogs,
    Resolution storage,
    int clusters,
    int jobs,
    int warehouses) {}
