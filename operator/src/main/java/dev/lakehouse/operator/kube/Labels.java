package dev.lakehouse.operator.kube;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Labels the operator puts on what it creates, and reads back to find it. */
public final class Labels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "lakehouse-operator";
  public static final String NAME = "app.kubernetes.io/name";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String WORKSPACE = "lakehouse.dev/workspace";
  public static final String CLUSTER = "lakehouse.dev/cluster";
  public static final String ROLE = "lakehouse.dev/role";

  /** The Job (lakehouse.dev) a task attempt's objects belong to. */
  public static final String JOB = "lakehouse.dev/job";

  /** The Warehouse a cluster of its fleet, or its gateway, belongs to. */
  public static final String WAREHOUSE = "lakehouse.dev/warehouse";

  /** The JobRun a task attempt's objects belong to. */
  public static final String RUN = "lakehouse.dev/run";

  /** The key of the Job's task an attempt runs. */
  public static final String TASK = "lakehouse.dev/task";

  /** The number of a task's attempt, from 1. */
  public static final String ATTEMPT = "lakehouse.dev/attempt";

  /** Selects everything this operator manages, for informers. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  private Labels() {}

  /** Labels of an object that belongs to a Workspace. */
  public static Map<String, String> ofWorkspace(String workspace) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(PART_OF, "lakehouse");
    labels.put(WORKSPACE, workspace);
    return labels;
  }

  /** Labels of an object of a Cluster, optionally of one role (driver or worker). */
  public static Map<String, String> ofCluster(String workspace, String cluster, String role) {
    Map<String, String> labels = ofWorkspace(workspace);
    labels.put(NAME, "spark");
    labels.put(CLUSTER, cluster);
    if (role != null) {
      labels.put(ROLE, role);
      labels.put(COMPONENT, role);
    }
    return labels;
  }

  /**
   * The labels that select a Cluster's pods of one role; stable, so they can be a StatefulSet's
   * selector.
   */
  public static Map<String, String> selectorOf(String cluster, String role) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(CLUSTER, cluster);
    labels.put(ROLE, role);
    return labels;
  }

  /** A selector as a label-selector string, for example for a scale subresource. */
  public static String asSelectorString(Map<String, String> selector) {
    StringBuilder out = new StringBuilder();
    selector.forEach(
        (k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return out.toString();
  }

  /** A label value: at most 63 characters, alphanumeric at both ends. */
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  /**
   * A name as a label value: itself when it is one (at most 63 characters), else its first
   * characters and its hash, so that long Job and run names (up to 253 characters) still label.
   * Everything that labels with a name goes through here, so the values agree.
   */
  public static String value(String name) {
    if (name.length() <= 63 && LABEL_VALUE.matcher(name).matches()) {
      return name;
    }
    String head = name.substring(0, Math.min(46, name.length())).replaceAll("[^-A-Za-z0-9_.]", "-");
    head = head.replaceAll("[^A-Za-z0-9]+$", "");
    head = head.replaceAll("^[^A-Za-z0-9]+", "");
    return (head.isEmpty() ? "" : head + "-") + Hashes.of(name);
  }
}
