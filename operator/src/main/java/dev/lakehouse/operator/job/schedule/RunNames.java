package dev.lakehouse.operator.job.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Deterministic names of a Job's runs and of their task attempts, so that a run is created once
 * however often the operator restarts: the same input always gives the same name, different inputs
 * give different names.
 *
 * <ul>
 *   <li>a scheduled run: {@code <job>-<yyyyMMddHHmm>}, the scheduled local time in the schedule's
 *       zone ({@link ScheduledTime#local()}, seconds dropped: a schedule runs at most once a
 *       minute);
 *   <li>a run asked for with the Job's run-now annotation: {@code <job>-manual-<hash>}, the hash of
 *       the annotation's value, so the same request makes one run;
 *   <li>a task attempt (a batch Job, whose name Kubernetes copies into its pods' labels): {@code
 *       <run>-<task>-<attempt>}, a DNS label of at most 63 characters.
 * </ul>
 *
 * A name that would be too long keeps a prefix of its readable part and adds {@value #HASH_LENGTH}
 * hex digits of the SHA-256 of what it was made from, so that names cut to the same prefix stay
 * apart.
 */
public final class RunNames {
  /** Longest object name (a DNS subdomain): a JobRun's. */
  public static final int MAX_NAME = 253;

  /** Longest DNS label, and label value: a batch Job's name, which its pods carry as a label. */
  public static final int MAX_LABEL = 63;

  /** Hex digits of the hashes in names. */
  public static final int HASH_LENGTH = 10;

  /** The scheduled local time in a scheduled run's name. */
  public static final DateTimeFormatter SCHEDULED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmm", Locale.ROOT);

  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  private RunNames() {}

  /** {@code <job>-<yyyyMMddHHmm>} of the scheduled local time, at most 253 characters. */
  public static String scheduled(String job, LocalDateTime local) {
    Objects.requireNonNull(local, "local");
    return fit(requireName(job, "job"), job, "-" + local.format(SCHEDULED_TIME), MAX_NAME);
  }

  /** The name of the run of a scheduled time: after its scheduled local time. */
  public static String scheduled(String job, ScheduledTime time) {
    return scheduled(job, time.local());
  }

  /**
   * {@code <job>-manual-<first 10 hex digits of the SHA-256 of the token>}, at most 253 characters:
   * the run asked for by a run-now annotation whose value is {@code token}.
   */
  public static String manual(String job, String token) {
    Objects.requireNonNull(token, "token");
    return fit(requireName(job, "job"), job, "-manual-" + hash(token), MAX_NAME);
  }

  /**
   * {@code <run>-<task>-<attempt>} when that is a DNS label of at most 63 characters; otherwise a
   * prefix of it (lower case, other characters such as dots made '-'), a hash of the run and the
   * task, and the attempt: {@code <prefix>-<hash>-<attempt>}, 63 characters at most. The attempts
   * of one task share everything but their number.
   */
  public static String attempt(String run, String taskKey, int attempt) {
    requireName(run, "run");
    requireName(taskKey, "taskKey");
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be 0 or more, was " + attempt);
    }
    String suffix = "-" + attempt;
    String plain = run + "-" + taskKey + suffix;
    if (plain.length() <= MAX_LABEL && DNS_LABEL.matcher(plain).matches()) {
      return plain;
    }
    String readable = (run + "-" + taskKey).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    // '/' is in neither a name nor a key: the hash input tells every pair apart.
    return fit(readable, run + "/" + taskKey, suffix, MAX_LABEL, true);
  }

  /** The first {@value #HASH_LENGTH} hex digits of the SHA-256 of the text. */
  static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private static String fit(String readable, String hashed, String suffix, int max) {
    return fit(readable, hashed, suffix, max, false);
  }

  /**
   * {@code readable + suffix} when it fits in {@code max} (and {@code alwaysHash} is false), else a
   * prefix of {@code readable}, '-', the hash of {@code hashed}, and {@code suffix}.
   */
  private static String fit(
      String readable, String hashed, String suffix, int max, boolean alwaysHash) {
    if (!alwaysHash && readable.length() + suffix.length() <= max) {
      return readable + suffix;
    }
    String hash = hash(hashed);
    int room = max - suffix.length() - hash.length() - 1;
    String prefix = readable.substring(0, Math.min(room, readable.length()));
    // A name part ends with a letter or a digit: drop the '-' and '.' the cut left at the end.
    prefix = prefix.replaceAll("[^a-z0-9]+$", "");
    return prefix.isEmpty() ? hash + suffix : prefix + "-" + hash + suffix;
  }

  private static String requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return name;
  }
}
