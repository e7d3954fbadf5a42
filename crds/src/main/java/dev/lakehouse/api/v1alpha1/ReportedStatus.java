package dev.lakehouse.api.v1alpha1;

import java.util.List;

/**
 * What the status of every kind has: a phase, conditions and the generation they were computed
 * from. The accessors are not bean properties, so they change nothing in the API's schema.
 */
public interface ReportedStatus {
  String phase();

  void phase(String phase);

  List<Condition> conditions();

  void conditions(List<Condition> conditions);

  Long observedGeneration();

  void observedGeneration(Long generation);
}
