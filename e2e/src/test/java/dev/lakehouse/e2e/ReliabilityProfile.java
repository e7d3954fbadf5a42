package dev.lakehouse.e2e;

import java.time.Duration;

/**
 * How hard the reliability suite pushes: the short profile runs in CI (the README's test command),
 * the long one by hand. Chosen with the system property {@code lakehouse.reliability.profile}
 * ({@code short}, the default, or {@code long}); {@code lakehouse.reliability.seed} seeds the
 * churn's random driver and killer (the same seed gives the same actions and kill delays; the
 * timing between them still varies with the machine).
 *
 * @param name short or long
 * @param seed the random seed
 * @param kills operator kills during the churn
 * @param resources resources the churn creates (engine Workspaces included)
 * @param engineWorkspaces Workspaces that host engines and are never deleted
 * @param convergenceBound how long after the last kill everything must have converged
 * @param writeWindow how long writes are counted after the API server is back
 * @param baselineWindow how long the steady writes (busy autoscalers record their peaks) are
 *     counted before the API server is stopped, to tell them from writes the restart causes
 */
public record ReliabilityProfile(
    String name,
    long seed,
    int kills,
    int resources,
    int engineWorkspaces,
    Duration convergenceBound,
    Duration writeWindow,
    Duration baselineWindow) {

  public static final String PROFILE_PROPERTY = "lakehouse.reliability.profile";
  public static final String SEED_PROPERTY = "lakehouse.reliability.seed";

  /** The profile the system properties ask for. */
  public static ReliabilityProfile fromSystemProperties() {
    String name = System.getProperty(PROFILE_PROPERTY, "short").trim();
    String seedText = System.getProperty(SEED_PROPERTY, "").trim();
    long seed = seedText.isEmpty() ? 20_260_214L : Long.parseLong(seedText);
    return switch (name.isEmpty() ? "short" : name) {
      case "short" ->
          new ReliabilityProfile(
              "short",
              seed,
              20,
              40,
              2,
              Duration.ofMinutes(3),
              Duration.ofSeconds(60),
              Duration.ofSeconds(30));
      case "long" ->
          new ReliabilityProfile(
              "long",
              seed,
              100,
              200,
              4,
              Duration.ofMinutes(8),
              Duration.ofSeconds(60),
              Duration.ofSeconds(60));
      default ->
          throw new IllegalArgumentException(
              PROFILE_PROPERTY + " is " + name + "; use short (the default) or long");
    };
  }
}
