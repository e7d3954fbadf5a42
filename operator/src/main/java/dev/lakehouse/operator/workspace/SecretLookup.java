package dev.lakehouse.operator.workspace;

import java.util.Optional;
import java.util.Set;

/**
 * Which keys a Secret has, if it exists. Never its values: the operator does not read credentials.
 */
@FunctionalInterface
public interface SecretLookup {
  Optional<Set<String>> keys(String namespace, String name);
}
