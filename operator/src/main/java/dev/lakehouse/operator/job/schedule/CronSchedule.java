package dev.lakehouse.operator.job.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.lakehouse.api.v1alpha1.Schedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A Job's schedule: a cron expression read in a time zone. Pure: every time is a parameter, nothing
 * reads the clock.
 *
 * <h2>Forms</h2>
 *
 * <ul>
 *   <li>five fields, as crontab: {@code minute hour day-of-month month day-of-week}, for example
 *       {@code 0 6 * * *}; day-of-week 0-7 (0 and 7 are Sunday) or SUN-SAT; when both day fields
 *       are restricted, either matching is enough, as in cron;
 *   <li>the Quartz form, six or seven fields: {@code second minute hour day-of-month month
 *       day-of-week [year]} with {@code ?} in one of the day fields, for example {@code 0 0 6 * *
 *       ?}; day-of-week 1-7 (1 is Sunday) or SUN-SAT; {@code L}, {@code W} and {@code #} as in
 *       Quartz. A Job runs at most once a minute (its runs are named to the minute), so the second
 *       field must be a single second: {@code *}{@code /30} is refused;
 *   <li>the macros {@code @yearly} and {@code @annually} ({@code 0 0 1 1 *}), {@code @monthly}
 *       ({@code 0 0 1 * *}), {@code @weekly} ({@code 0 0 * * 0}), {@code @daily} and {@code
 *       @midnight} ({@code 0 0 * * *}), {@code @hourly} ({@code 0 * * * *}).
 * </ul>
 *
 * An expression that does not parse, that never matches a date (February 30), or a time zone that
 * is not in the tz database gives a {@link ParsedSchedule.Invalid} whose message says what is
 * wrong and shows a right one; parsing never throws for bad input.
 *
 * <h2>Time zones and daylight saving: once per local scheduled time</h2>
 *
 * The expression is evaluated on the wall clock of the zone ({@code timeZone}, UTC by default): it
 * gives local date-times, without offsets. Each local time is then mapped to the instant its run is
 * due, as {@link ZonedDateTime#ofLocal} does with no preferred offset:
 *
 * <ul>
 *   <li>a local time that exists once is due at that instant;
 *   <li>a local time in a fall-back overlap (01:30 happens twice when the clocks go back) is due
 *       once, at its first occurrence (the earlier offset, still summer time). The repeated hour
 *       has no times of its own: an hourly job runs once at 01:30, not again an hour later;
 *   <li>a local time in a spring-forward gap (02:30 does not exist when the clocks jump from 02:00
 *       to 03:00) is due once, when the wall clock would have shown it had it not jumped: shifted
 *       forward by the gap, at 03:30. Its run keeps the scheduled local time's name (…0230);
 *   <li>when a shifted time falls on the instant of another scheduled time (an hourly job at
 *       minute 30: 02:30 shifted is 03:30, which is scheduled too), the two are one time, named
 *       after the local time that exists (03:30). An hourly job thus runs once in every local hour
 *       that exists, and a daily 02:30 job still runs on the day the clocks spring forward.
 * </ul>
 *
 * Times are therefore unique instants, given in increasing order; their local times are unique
 * too, which keeps run names unique.
 */
public final class CronSchedule {
  /** The time zone of a schedule that names none. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

  /** How the expression was written. */
  public enum Form {
    /** Five fields, as crontab. */
    FIVE_FIELDS,
    /** Six or seven fields, seconds first, as Quartz. */
    QUARTZ,
    /** One of the macros, such as @daily. */
    MACRO
  }

  private static final String CRON = "spec.schedule.cron";
  private static final String TIME_ZONE = "spec.schedule.timeZone";
  private static final String FORMS =
      "use five fields (minute hour day-of-month month day-of-week), for example '0 6 * * *'; "
          + "the Quartz form of six or seven fields (second minute hour day-of-month month "
          + "day-of-week [year]), for example '0 0 6 * * ?'; or one of the macros @yearly, "
          + "@annually, @monthly, @weekly, @daily, @midnight and @hourly";
  private static final String FIVE_FIELDS_HELP =
      "the fields are minute (0-59), hour (0-23), day-of-month (1-31), month (1-12 or JAN-DEC) "
          + "and day-of-week (0-7 or SUN-SAT, 0 and 7 are Sunday), for example '0 6 * * *' "
          + "(06:00 every day) or '*/15 8-18 * * MON-FRI'";
  private static final String QUARTZ_HELP =
      "the Quartz fields are second (0-59), minute, hour, day-of-month, month, day-of-week (1-7 "
          + "or SUN-SAT, 1 is Sunday) and an optional year, with '?' in one of day-of-month and "
          + "day-of-week, for example '0 0 6 * * ?' (06:00 every day) or '0 30 6 ? * MON-FRI'";

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final CronParser FIVE_FIELDS_PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser QUARTZ_PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  /**
   * Where the checks of a new expression start: the second before a minute, so that the first time
   * after it is the first of its minute; and in 2000, as cron-utils looks about a hundred years
   * ahead and Quartz years end at 2099.
   */
  private static final ZonedDateTime CHECK_FROM =
      ZonedDateTime.of(1999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC);

  /** Retries of {@link #latestAtOrBefore} over spring-forward gaps before it scans instead. */
  private static final int GAP_RETRIES = 4;

  private final String expression;
  private final Form form;
  private final ZoneId zone;
  // Evaluated on local date-times carried as UTC date-times: UTC has no transitions, so the
  // expression sees the zone's wall clock, and the mapping to instants is ours.
  private final ExecutionTime wallClock;

  private CronSchedule(String expression, Form form, ZoneId zone, ExecutionTime wallClock) {
    this.expression = expression;
    this.form = form;
    this.zone = zone;
    this.wallClock = wallClock;
  }

  /** A Job's {@code spec.schedule}: its cron expression in its time zone. */
  public static ParsedSchedule of(Schedule schedule) {
    Objects.requireNonNull(schedule, "schedule");
    return parse(schedule.cron, schedule.timeZone);
  }

  /**
   * Reads a cron expression in a time zone.
   *
   * @param cron five fields, the Quartz form or a macro (see the class)
   * @param timeZone an IANA time zone such as Europe/Paris; null or blank means UTC
   * @return the schedule, or what is wrong with the expression, the zone or both
   */
  public static ParsedSchedule parse(String cron, String timeZone) {
    List<String> problems = new ArrayList<>();
    Compiled compiled = null;
    ZoneId zone = null;
    try {
      compiled = compile(cron);
    } catch (Refused e) {
      problems.add(e.getMessage());
    }
    try {
      zone = zone(timeZone);
    } catch (Refused e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      return new ParsedSchedule.Invalid(String.join("; ", problems));
    }
    return new ParsedSchedule.Valid(
        new CronSchedule(compiled.expression(), compiled.form(), zone, compiled.wallClock()));
  }

  /** The expression as written, without surrounding spaces. */
  public String expression() {
    return expression;
  }

  public Form form() {
    return form;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first time due strictly after {@code instant}; empty when the schedule has no more. */
  public Optional<ScheduledTime> nextAfter(Instant instant) {
    Forward times = new Forward(instant);
    return times.hasNext() ? Optional.of(times.next()) : Optional.empty();
  }

  /** The latest time due at or before {@code instant}; empty when there is none. */
  public Optional<ScheduledTime> latestAtOrBefore(Instant instant) {
    LocalDateTime probe = localSecond(instant).plusSeconds(1);
    for (int i = 0; i < GAP_RETRIES; i++) {
      Optional<LocalDateTime> local = previousLocal(probe);
      if (local.isEmpty()) {
        break;
      }
      ScheduledTime candidate = ScheduledTime.at(local.get(), zone);
      if (!candidate.instant().isAfter(instant)) {
        // The answer is this one or a later one: a shifted time from a gap, or a time of a
        // fall-back overlap whose local time is after the instant's.
        return lastBetween(candidate.instant().minusNanos(1), instant);
      }
      // A local time of a spring-forward gap due after the instant: look before the gap.
      probe = gapStart(candidate).orElse(local.get());
    }
    return lastBetween(instant.minus(Duration.ofDays(2)), instant);
  }

  /**
   * The times due strictly after {@code instant}, in increasing order: lazy, and endless for most
   * schedules (use {@link Stream#limit} or {@link Stream#takeWhile}).
   */
  public Stream<ScheduledTime> timesAfter(Instant instant) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            new Forward(instant), Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL),
        false);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronSchedule other
        && expression.equals(other.expression)
        && zone.equals(other.zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(expression, zone);
  }

  @Override
  public String toString() {
    return "'" + expression + "' in " + zone;
  }

  private Optional<ScheduledTime> lastBetween(Instant after, Instant atOrBefore) {
    ScheduledTime found = null;
    Forward times = new Forward(after);
    while (times.hasNext()) {
      ScheduledTime time = times.next();
      if (time.instant().isAfter(atOrBefore)) {
        break;
      }
      found = time;
    }
    return Optional.ofNullable(found);
  }

  /** The local time where the spring-forward gap holding a shifted time starts. */
  private Optional<LocalDateTime> gapStart(ScheduledTime time) {
    if (!time.shifted()) {
      return Optional.empty();
    }
    ZoneOffsetTransition transition =
        zone.getRules().previousTransition(time.instant().plusNanos(1));
    return transition != null && transition.isGap()
        ? Optional.of(transition.getDateTimeBefore())
        : Optional.empty();
  }

  private LocalDateTime localSecond(Instant instant) {
    return LocalDateTime.ofInstant(instant, zone).truncatedTo(ChronoUnit.SECONDS);
  }

  /** The next local time of the expression strictly after {@code local}. */
  private Optional<LocalDateTime> nextLocal(LocalDateTime local) {
    return wallClock
        .nextExecution(local.atZone(ZoneOffset.UTC))
        .map(ZonedDateTime::toLocalDateTime);
  }

  /** The latest local time of the expression strictly before {@code local}. */
  private Optional<LocalDateTime> previousLocal(LocalDateTime local) {
    return wallClock
        .lastExecution(local.atZone(ZoneOffset.UTC))
        .map(ZonedDateTime::toLocalDateTime);
  }

  /**
   * The times due strictly after an instant, in increasing order. Local times come from the
   * expression in increasing order and map to increasing instants, except a shifted one (from a
   * gap), which is due at its wall-clock time: it waits in {@code pending} until the local times
   * have passed that wall-clock time, and merges with a scheduled time due at the same instant.
   */
  private final class Forward implements Iterator<ScheduledTime> {
    private final Instant after;
    private final TreeMap<Instant, ScheduledTime> pending = new TreeMap<>();
    private Optional<LocalDateTime> upcoming;
    private ScheduledTime ready;

    Forward(Instant after) {
      this.after = after;
      LocalDateTime start = localSecond(after);
      // Local times of a gap that ended after the instant are due after it although their local
      // times are before the instant's wall clock: start at the gap.
      ZoneOffsetTransition last = zone.getRules().previousTransition(after.plusNanos(1));
      if (last != null
          && last.isGap()
          && after.isBefore(last.getInstant().plus(last.getDuration()))) {
        LocalDateTime beforeGap = last.getDateTimeBefore().minusSeconds(1);
        if (beforeGap.isBefore(start)) {
          start = beforeGap;
        }
      }
      this.upcoming = nextLocal(start);
    }

    @Override
    public boolean hasNext() {
      if (ready == null) {
        ready = advance();
      }
      return ready != null;
    }

    @Override
    public ScheduledTime next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ScheduledTime next = ready;
      ready = null;
      return next;
    }

    private ScheduledTime advance() {
      while (true) {
        if (!pending.isEmpty()) {
          ScheduledTime first = pending.firstEntry().getValue();
          if (upcoming.isEmpty() || upcoming.get().isAfter(first.wallClock())) {
            pending.pollFirstEntry();
            if (first.instant().isAfter(after)) {
              return first;
            }
            continue;
          }
        }
        if (upcoming.isEmpty()) {
          return null;
        }
        LocalDateTime local = upcoming.get();
        upcoming = nextLocal(local);
        ScheduledTime time = ScheduledTime.at(local, zone);
        // One run per instant, named after the local time that exists.
        pending.merge(
            time.instant(),
            time,
            (kept, other) -> kept.shifted() && !other.shifted() ? other : kept);
      }
    }
  }

  private record Compiled(String expression, Form form, ExecutionTime wallClock) {}

  /** A refusal with its message for people; no stack trace, it is not a failure of the code. */
  private static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private static Compiled compile(String cron) throws Refused {
    if (cron == null || cron.isBlank()) {
      throw new Refused(CRON + " is empty: " + FORMS);
    }
    String text = cron.trim();
    String[] fields = text.split("\\s+");
    if (fields[0].contains("=")) {
      throw new Refused(
          CRON
              + " '"
              + text
              + "' starts with a setting ("
              + fields[0]
              + "): write only the expression, for example '0 6 * * *', and put the time zone in "
              + TIME_ZONE
              + ", for example Europe/Paris");
    }
    if (fields.length == 1 && text.startsWith("@")) {
      String expansion = MACROS.get(text.toLowerCase(Locale.ROOT));
      if (expansion == null) {
        throw new Refused(
            CRON
                + " '"
                + text
                + "' is not a macro this operator knows: use @yearly, @annually, @monthly, "
                + "@weekly, @daily, @midnight or @hourly, or write the times out, for example "
                + "'0 6 * * *'");
      }
      return checked(text, Form.MACRO, FIVE_FIELDS_PARSER.parse(expansion));
    }
    return switch (fields.length) {
      case 5 ->
          checked(
              text,
              Form.FIVE_FIELDS,
              parse(FIVE_FIELDS_PARSER, String.join(" ", fields), "five-field", FIVE_FIELDS_HELP));
      case 6, 7 ->
          checked(
              text,
              Form.QUARTZ,
              parse(QUARTZ_PARSER, String.join(" ", fields), "Quartz", QUARTZ_HELP));
      default ->
          throw new Refused(CRON + " '" + text + "' has " + fields.length + " fields: " + FORMS);
    };
  }

  private static Cron parse(CronParser parser, String text, String kind, String help)
      throws Refused {
    try {
      return parser.parse(text);
    } catch (RuntimeException e) {
      throw new Refused(
          CRON
              + " '"
              + text
              + "' is not a valid "
              + kind
              + " cron expression ("
              + detail(e)
              + "): "
              + help);
    }
  }

  /** Refuses an expression that never matches, or that matches more than once in a minute. */
  private static Compiled checked(String text, Form form, Cron cron) throws Refused {
    ExecutionTime wallClock;
    Optional<ZonedDateTime> first;
    Optional<ZonedDateTime> second;
    try {
      wallClock = ExecutionTime.forCron(cron);
      first = wallClock.nextExecution(CHECK_FROM);
      second = first.flatMap(wallClock::nextExecution);
    } catch (RuntimeException e) {
      throw new Refused(CRON + " '" + text + "' cannot be evaluated (" + detail(e) + "): " + FORMS);
    }
    if (first.isEmpty()) {
      throw new Refused(
          CRON
              + " '"
              + text
              + "' never matches a date: check its day-of-month and month fields (the 30th "
              + "of February never comes) and its year (2000 to 2099); for example '0 0 6 L * ?' "
              + "runs on the last day of every month");
    }
    // The first time after CHECK_FROM is the first of its minute; the expression matches every
    // second of its second field in each minute it matches, so a second time in the same minute
    // means more than one run a minute.
    if (second.isPresent()
        && second
            .get()
            .truncatedTo(ChronoUnit.MINUTES)
            .equals(first.get().truncatedTo(ChronoUnit.MINUTES))) {
      throw new Refused(
          CRON
              + " '"
              + text
              + "' runs more than once a minute: a Job runs at most once a minute, so the "
              + "second field must be one second, for example '0 */5 * * * ?' (every five "
              + "minutes)");
    }
    return new Compiled(text, form, wallClock);
  }

  private static String detail(RuntimeException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (message.contains("Both, a day-of-week AND a day-of-month")) {
      return "day-of-month and day-of-week cannot both be set: put '?' in one of them";
    }
    return message.replace("Failed to parse cron expression. ", "").trim();
  }

  private static ZoneId zone(String timeZone) throws Refused {
    if (timeZone == null || timeZone.isBlank()) {
      return DEFAULT_ZONE;
    }
    String name = timeZone.trim();
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      String hint =
          ZoneId.getAvailableZoneIds().stream()
              .filter(known -> known.equalsIgnoreCase(name))
              .findFirst()
              .map(known -> " (did you mean " + known + "?)")
              .orElse("");
      throw new Refused(
          TIME_ZONE
              + " '"
              + name
              + "' is not a time zone of the IANA tz database"
              + hint
              + ": use a name such as Europe/Paris, America/New_York or UTC");
    }
  }
}
